"""Training facts recorded at kiosk nodes (quiz attempts, study visits, practical sign-offs) sync up to the office."""

from app.sync.row_facts import row_fact
from app.training.tables import PracticalSignoff, QuizAttempt, StudyVisit

STUDY, ATTEMPT, SIGNOFF = "study_visit", "quiz_attempt", "practical_signoff"

APPLIERS = (row_fact(STUDY, StudyVisit), row_fact(ATTEMPT, QuizAttempt), row_fact(SIGNOFF, PracticalSignoff))
