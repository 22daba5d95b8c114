"""The study help desk and career guidance: programmes, sign-ups, sessions, attendance."""
