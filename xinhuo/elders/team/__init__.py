"""The committee's team: apprenticeship pairs, young teachers, research projects, awards, appraisal."""
