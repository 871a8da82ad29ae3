"""The system of record: SQLAlchemy 2 typed ORM models, one module per kind of record.

Import the models from here (`from services.models import Posting`): importing the package
registers every table on `Base.metadata`.
"""

from __future__ import annotations

from services.models.accounts import (
    Enterprise,
    EnterpriseSession,
    Organizer,
    OrganizerSession,
    PhoneCode,
)
from services.models.city import (
    Chain,
    EnterpriseChain,
    GradeMapping,
    GradeSource,
    School,
    TrainingProvider,
)
from services.models.events import DownloadEvent, PageHit
from services.models.fairs import Booth, Fair, JoinRequest, JoinStatus
from services.models.hiring import (
    Application,
    ApplicationStatus,
    CandidateStage,
    Intention,
    Invitation,
    InvitationStatus,
)
from services.models.postings import OccupationSource, Posting, PostingStatus
from services.models.resumes import Resume

__all__ = [
    "Application",
    "ApplicationStatus",
    "Booth",
    "CandidateStage",
    "Chain",
    "DownloadEvent",
    "Enterprise",
    "EnterpriseChain",
    "EnterpriseSession",
    "Fair",
    "GradeMapping",
    "GradeSource",
    "Intention",
    "Invitation",
    "InvitationStatus",
    "JoinRequest",
    "JoinStatus",
    "OccupationSource",
    "Organizer",
    "OrganizerSession",
    "PageHit",
    "PhoneCode",
    "Posting",
    "PostingStatus",
    "Resume",
    "School",
    "TrainingProvider",
]
