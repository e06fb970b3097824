"""create_app(settings) -> Litestar: the one place where floorhr is wired together."""

from __future__ import annotations

from litestar import Litestar, Router, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine as Jinja
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from app import __version__
from app.appraisal.office.routes import MineController as AppraisalMineController
from app.appraisal.office.routes import TeamController as AppraisalTeamController
from app.appraisal.results_routes import ResultsController as AppraisalResultsController
from app.appraisal.routes import AppraisalController
from app.appraisal.safety_routes import SafetyController as AppraisalSafetyController
from app.approvals.routes import ApprovalsController
from app.attendance.corrections.manual_routes import ManualPunchController
from app.attendance.corrections.routes import CorrectionController
from app.attendance.days.routes import AttendanceController
from app.attendance.kiosk.routes import KioskAdminController, KioskController, ScanReviewController, kiosk_allowed
from app.attendance.schedule.routes import CalendarController, OverrideController, PatternController, ShiftController
from app.auth.address_throttle import AddressThrottle
from app.auth.guards import ADMIN
from app.auth.middleware import session_middleware
from app.auth.routes import AuthController, LanguageController, TotpController
from app.badges.routes import BadgeSheetController, CredentialController
from app.contributions.routes import ContributionController
from app.db.engine import kind_of, use_database
from app.errors import EXCEPTION_HANDLERS
from app.leave.kiosk_routes import LeaveKioskController
from app.leave.routes import LeaveController, LeaveTypeController, OpeningController
from app.lifespans import agent_lifespan, camera_lifespan, database_lifespan
from app.onboarding.kiosk_routes import OnboardingKioskController
from app.onboarding.routes import OnboardingController
from app.ops.routes import BackupController
from app.ops.schedule import nightly_backup_lifespan
from app.payroll.netpay_routes import NetPayController
from app.payroll.routes import PayrollController
from app.people.account_routes import UsersController
from app.people.card_routes import EmployeeCardController
from app.people.imports.routes import ImportController
from app.people.lifecycle.routes import LifecycleController
from app.people.org.routes import DutyController, OrgController
from app.people.org.tasks import due_changes_lifespan
from app.people.plant_routes import PlantController
from app.people.routes import DepartmentController, EmployeeController, PositionController
from app.piecework.kiosk_routes import PiecesKioskController
from app.piecework.routes import PieceworkController
from app.piecework.tablet_routes import ConfirmController
from app.planning.output_routes import PlannedOutputController
from app.planning.preference_routes import PreferenceController
from app.planning.routes import PlanningController
from app.planning.settings_routes import PlanningSettingsController
from app.recruiting.candidate_routes import CandidateController, OfferController
from app.recruiting.jobfair_routes import JobFairController
from app.recruiting.kiosk_routes import ApplyKioskController
from app.recruiting.requisition_routes import RequisitionController
from app.reports.audit_routes import AuditController
from app.reports.home_routes import home
from app.reports.routes import ReportsController
from app.request_log import request_log_middleware
from app.security_headers import security_headers_middleware
from app.selfservice.ask_routes import MyAsksController
from app.selfservice.leave_routes import MyLeaveController
from app.selfservice.phone_routes import PeoplePhonesController, PhoneController
from app.selfservice.routes import MyPageController
from app.settings import Settings
from app.sync.api import SyncApiController
from app.sync_pages.routes import DeviceController, SyncPageController
from app.tax.routes import TaxImportController
from app.training.kiosk_quiz import QuizKioskController
from app.training.kiosk_routes import SignoffKioskController
from app.training.probation_routes import ProbationController
from app.training.record_routes import TrainingRecordController
from app.training.routes import CourseController
from app.web import DEPENDENCIES, STATIC_DIR, jinja_environment
from app.wiring import wire

ROUTES = [
    AttendanceController,
    CorrectionController,
    ShiftController,
    PatternController,
    OverrideController,
    CalendarController,
    home,
    AuthController,
    TotpController,
    AuditController,
    LanguageController,
    EmployeeController,
    DepartmentController,
    PositionController,
    EmployeeCardController,
    ImportController,
    LifecycleController,
    OrgController,
    DutyController,
    PlantController,
    UsersController,
    KioskController,
    KioskAdminController,
    ScanReviewController,
    CredentialController,
    BadgeSheetController,
    ReportsController,
    SyncApiController,
    DeviceController,
    SyncPageController,
    CourseController,
    SignoffKioskController,
    TrainingRecordController,
    QuizKioskController,
    ProbationController,
    OnboardingController,
    OnboardingKioskController,
]
ROUTES += [PieceworkController, PiecesKioskController, ConfirmController, PayrollController, PlanningController]
ROUTES += [PlannedOutputController, PreferenceController, PlanningSettingsController]
ROUTES += [RequisitionController, CandidateController, OfferController, JobFairController, ApplyKioskController]
ROUTES += [ApprovalsController, LeaveController, LeaveTypeController, LeaveKioskController, OpeningController]
ROUTES += [BackupController, ContributionController, NetPayController, TaxImportController]
ROUTES += [MyPageController, MyLeaveController, MyAsksController, PhoneController, PeoplePhonesController]
ROUTES += [ManualPunchController]
ROUTES += [AppraisalController, AppraisalResultsController, AppraisalSafetyController]
ROUTES += [AppraisalMineController, AppraisalTeamController]


@get("/healthz", sync_to_thread=False, include_in_schema=True)
def healthz(state: State) -> dict[str, str]:
    settings: Settings = state.settings
    return {"status": "ok", "role": settings.role, "database": settings.database_kind, "version": __version__}


def create_app(settings: Settings | None = None, connection_pool: bool = True) -> Litestar:
    """connection_pool=False lets in-process tests share the database with the test's own event loop."""
    settings = settings or Settings.from_env()
    wire()
    engine = use_database(settings.database_url, settings.role)
    return Litestar(
        route_handlers=[
            healthz,
            *ROUTES,
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
        ],
        state=State(
            {
                "settings": settings,
                "database_kind": kind_of(engine),
                "engine": engine,
                "connection_pool": connection_pool,
                "login_throttle": AddressThrottle(),
            }
        ),
        dependencies={**DEPENDENCIES, "kiosk": Provide(kiosk_allowed)},
        lifespan=[database_lifespan, due_changes_lifespan, camera_lifespan, agent_lifespan, nightly_backup_lifespan],
        middleware=[request_log_middleware, security_headers_middleware, session_middleware],
        csrf_config=CSRFConfig(
            secret=settings.secret_key.decode(),
            cookie_name="floorhr_csrf",
            cookie_httponly=False,
            cookie_samesite="lax",
            cookie_secure=settings.tls,
            header_name="x-csrftoken",
            exclude=["/api/sync"],
        ),
        template_config=TemplateConfig(engine=Jinja.from_environment(jinja_environment(settings.zone))),
        plugins=[HTMXPlugin()],
        exception_handlers=EXCEPTION_HANDLERS,
        # The API's description is for the plant's administrators, not for anyone on the LAN.
        openapi_config=OpenAPIConfig(
            title="floorhr",
            version=__version__,
            openapi_router=Router(path="/schema", guards=[ADMIN], route_handlers=[]),
        ),
        debug=settings.debug,
    )
