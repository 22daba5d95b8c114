"""The elder registry (ELD-1): list, profiles, the committee's form, availability, Excel import and export."""
