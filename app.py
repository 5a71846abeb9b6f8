"""Composition root: read settings, build the store, services and bot, serve aiohttp.

`create_app` is what tests call, with their own clock or store; nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from aiohttp import web
from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.integration import aiohttp_error_middleware
from botbuilder.dialogs import DialogSet
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication

from bot.adapter import DeskAdapter
from bot.alerts import ManagerAlerts
from bot.background import Background, once
from bot.connector import ConnectorPool
from bot.context import DeskEdge
from bot.conversations import ConversationBook
from bot.exports import ExportShelf
from bot.handler import DeskBot
from bot.lease import SLA_WATCH, WEEKLY_REVIEW, under_lease
from bot.messages import SOMETHING_WENT_WRONG
from bot.notifier import TeamsNotifier
from bot.perf import ReusingAuthentication  # also makes msrest's retry-policy set-up cheap
from bot.reliable_notifier import ReliableNotifier
from bot.roster import TechnicianRoster
from bot.sla_watch import SlaWatcher
from bot.storage import StateStoreStorage
from bot.weekly_review import WeeklyReviewPoster
from config import Settings, SettingsError, load_settings
from dialogs.intake import IntakeDialog
from graph.errors import GraphUnavailable, ListMissing
from graph.lists import SharePointList
from graph.schema import DEFLECTIONS_LIST, KNOWLEDGE_LIST
from store.blob_state import BlobStateUnavailable, open_blob_state
from store.deflection_log import JsonFileDeflectionLog
from store.directory_file import FileDirectory
from store.kb_files import FileKnowledgeBase
from store.lease_file import FileLease
from store.pending_notices import PendingNotices
from store.sharepoint_deflections import SharePointDeflectionLog
from store.sharepoint_kb import SharePointKnowledgeBase
from store.sharepoint_setup import open_sharepoint
from store.state_store import JsonFileStateStore
from store.tinydb_store import TinyDbTicketStore
from tickets.clock import SystemClock
from tickets.desk_config import DeskConfig, parse_desk_config
from tickets.knowledge_service import KnowledgeService
from tickets.ports import Clock, DeflectionLog, Directory, KnowledgeBase, Lease, StateStore, TicketStore
from tickets.reporting_service import ReportingService
from tickets.service import DeskService

log = logging.getLogger("desk")
SERVICE = web.AppKey("service", DeskService)
WATCHER = web.AppKey("watcher", SlaWatcher)
NOTICES = web.AppKey("notices", ReliableNotifier)
REVIEWS = web.AppKey("reviews", WeeklyReviewPoster)
LEASE = web.AppKey("lease", Lease)


def load_desk_config(path: Path) -> DeskConfig:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    return parse_desk_config(raw, str(path))


@dataclass
class Stores:
    tickets: TicketStore
    state: StateStore
    lease: Lease | None = None  # None: a file lock in the data folder (one machine)
    knowledge: KnowledgeBase | None = None  # None: kb/ plus drafts in the data folder
    deflections: DeflectionLog | None = None  # None: deflections.json in the data folder


def local_stores(data_dir: Path) -> Stores:
    data_dir.mkdir(parents=True, exist_ok=True)
    return Stores(TinyDbTicketStore(data_dir / "tickets.json"), JsonFileStateStore(data_dir / "state.json"))


@dataclass
class Desk:
    """Everything the bot is made of, wired once."""

    adapter: DeskAdapter
    bot: DeskBot
    service: DeskService
    watcher: SlaWatcher
    reviews: WeeklyReviewPoster
    exports: ExportShelf
    knowledge: KnowledgeService
    notices: ReliableNotifier


def build_desk(settings: Settings, stores: Stores, clock: Clock, desk_config: DeskConfig,
               directory: Directory | None) -> Desk:
    adapter = DeskAdapter(ReusingAuthentication(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config())))
    connectors = ConnectorPool(adapter, settings.app_id)
    book = ConversationBook(stores.state)
    roster = TechnicianRoster(book, connectors)
    alerts = ManagerAlerts(desk_config, book, connectors, directory)
    notifier = TeamsNotifier(connectors, book, roster, list(desk_config.queues), alerts)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    reliable = ReliableNotifier(notifier, PendingNotices(settings.instance_dir / "pending-notices.json"),
                                stores.tickets)
    service = DeskService(stores.tickets, reliable, clock, desk_config, directory)
    notifier.attach(service)
    deflections = stores.deflections or JsonFileDeflectionLog(settings.data_dir / "deflections.json")
    kb = stores.knowledge or FileKnowledgeBase.in_data_dir(settings.kb_dir, settings.data_dir)
    knowledge = KnowledgeService(kb, deflections, service, clock, publishers=desk_config.publishers())
    reporting = ReportingService(stores.tickets, deflections, desk_config, clock)
    exports = ExportShelf(settings.public_url or f"http://localhost:{settings.port}", stores.state)
    conversation_state = ConversationState(StateStoreStorage(stores.state))
    dialogs = DialogSet(conversation_state.create_property("DialogState"))
    dialogs.add(IntakeDialog(service))
    edge = DeskEdge(service, book, roster, notifier, conversation_state, dialogs, knowledge, reporting, exports)
    reviews = WeeklyReviewPoster(reporting, book, notifier, stores.state, list(desk_config.queues))
    watcher = SlaWatcher(service)
    return Desk(adapter, DeskBot(edge), service, watcher, reviews, exports, knowledge, reliable)


def create_app(settings: Settings, *, stores: Stores | None = None, clock: Clock | None = None,
               desk_config: DeskConfig | None = None, watch_sla: bool = True,
               directory: Directory | None = None) -> web.Application:
    """`watch_sla=False` leaves the background work to the caller (tests drive `app[WATCHER].scan_once()`
    and `app[REVIEWS].post_due()` with their own clock)."""
    stores = stores or local_stores(settings.data_dir)
    desk_config = desk_config or load_desk_config(settings.desk_config)
    if directory is None and settings.directory_file:
        directory = FileDirectory(settings.directory_file)
    desk = build_desk(settings, stores, clock or SystemClock(), desk_config, directory)

    async def on_error(turn_context: TurnContext, error: Exception) -> None:
        log.exception("turn failed", exc_info=error)
        try:
            await turn_context.send_activity(SOMETHING_WENT_WRONG)
        except Exception:
            log.exception("could not tell the user about the failure")

    desk.adapter.on_turn_error = on_error

    async def messages(request: web.Request) -> web.Response:
        return await desk.adapter.process(request, desk.bot)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "store": settings.store})

    app = web.Application(middlewares=[aiohttp_error_middleware])
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/exports/{token}/{name}", desk.exports.serve)
    app[SERVICE], app[WATCHER], app[REVIEWS], app[NOTICES] = desk.service, desk.watcher, desk.reviews, desk.notices
    lease = stores.lease or FileLease(settings.data_dir / "leases")
    app[LEASE] = lease
    background = Background([under_lease(lease, SLA_WATCH, once(desk.service.post_missing_cards)),
                             under_lease(lease, SLA_WATCH, desk.watcher.scan_once),
                             under_lease(lease, WEEKLY_REVIEW, desk.reviews.post_due),
                             desk.notices.retry_pending],  # this instance's own undelivered notices
                            settings.sla_scan_seconds or desk_config.sla.scan_seconds)

    async def start_background(app: web.Application) -> None:
        await desk.knowledge.kb.drafts()  # loads and indexes the articles now, not on the first question
        if watch_sla:
            background.start()

    async def stop_background(app: web.Application) -> None:
        await background.stop()
        await lease.close()  # another instance takes over at once

    app.on_startup.append(start_background)
    app.on_cleanup.append(stop_background)
    return app


async def sharepoint_app(settings: Settings, desk_config: DeskConfig, *, state: StateStore | None = None,
                         lease: Lease | None = None) -> web.Application:
    """The bot on SharePoint lists; refuses to start (with the reason) when they are missing.
    `state`/`lease` replace the SharePoint state list and the local file lease (see `shared_app`)."""
    assert settings.graph is not None
    parts = await open_sharepoint(settings.graph, settings.instance_dir / "outbox.json")
    try:
        client, site = parts.connection.client, settings.graph.site_id
        kb = SharePointKnowledgeBase(await SharePointList.open(client, site, KNOWLEDGE_LIST))
        deflections = SharePointDeflectionLog(await SharePointList.open(client, site, DEFLECTIONS_LIST))
    except BaseException:
        await parts.close()
        raise
    app = create_app(settings, stores=Stores(parts.tickets, state or parts.state, lease, kb, deflections),
                     desk_config=desk_config, directory=parts.directory)
    parts.tickets.on_created = app[SERVICE].announce_created  # tickets that waited in the outbox
    sync: list[asyncio.Task] = []

    async def start_sync(app: web.Application) -> None:
        sync.append(asyncio.get_running_loop().create_task(parts.sync_loop(), name="outbox-sync"))

    async def stop_sync(app: web.Application) -> None:
        for task in sync:
            task.cancel()
        await kb.close()
        await parts.close()

    app.on_startup.append(start_sync)
    app.on_cleanup.append(stop_sync)
    return app


async def shared_app(settings: Settings, desk_config: DeskConfig) -> web.Application:
    """Bot state, conversation references, the team binding and the leases in Azure Blob Storage
    (DESK_STATE_BLOB_CONNECTION_STRING), shared by every instance; tickets as DESK_STORE says."""
    blob = await open_blob_state(settings.state_blob_connection_string, settings.state_blob_container)
    try:
        if settings.store == "sharepoint":
            app = await sharepoint_app(settings, desk_config, state=blob.state, lease=blob.lease)
        else:
            local = local_stores(settings.data_dir)
            app = create_app(settings, stores=Stores(local.tickets, blob.state, blob.lease), desk_config=desk_config)
    except BaseException:
        await blob.close()
        raise

    async def close_blob(app: web.Application) -> None:
        await blob.close()

    app.on_cleanup.append(close_blob)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        desk_config = load_desk_config(settings.desk_config)
    except (SettingsError, ValueError) as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    log.info("service desk starting on %s:%s (store %s, auth %s)", settings.host, settings.port, settings.store,
             "on" if settings.auth_enabled else "off")
    if settings.store == "sharepoint" or settings.state_blob_connection_string:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # built inside the server's own event loop, where the Graph and Blob clients will live
        factory = shared_app if settings.state_blob_connection_string else sharepoint_app
        try:
            web.run_app(factory(settings, desk_config), host=settings.host, port=settings.port, print=None)
        except (ListMissing, GraphUnavailable) as error:
            print(f"Cannot start on SharePoint: {error}", file=sys.stderr)
            raise SystemExit(2) from None
        except BlobStateUnavailable as error:
            print(f"Cannot open the shared state in Azure Blob Storage: {error}", file=sys.stderr)
            raise SystemExit(2) from None
        return
    web.run_app(create_app(settings, desk_config=desk_config), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
