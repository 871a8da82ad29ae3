"""resumes."""
