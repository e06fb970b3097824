"""Training facts recorded at kiosk nodes (quiz attempts, study visits, practical sign-offs) sync up to the office."""

from app.sync.row_facts import register_row_fact
from app.training.tables import PracticalSignoff, QuizAttempt, StudyVisit

STUDY, ATTEMPT, SIGNOFF = "study_visit", "quiz_attempt", "practical_signoff"

register_row_fact(STUDY, StudyVisit)
register_row_fact(ATTEMPT, QuizAttempt)
register_row_fact(SIGNOFF, PracticalSignoff)
