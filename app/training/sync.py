"""What training exchanges with kiosk nodes: courses and qualifications flow down, attempts, visits and
sign-offs come up."""

from app.sync.parts import SyncPart
from app.sync.reference import Pulled
from app.training.sync_facts import APPLIERS
from app.training.tables import Certificate, Course, QuizQuestion, TrainerQualification

PART = SyncPart(
    pulled=(Pulled(Course), Pulled(QuizQuestion), Pulled(TrainerQualification), Pulled(Certificate)), appliers=APPLIERS
)
