"""The lists the desk keeps in SharePoint, column by column: one definition that provisioning
creates and the store writes. Every column the store filters on is indexed (see PLATFORM.md A3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from msgraph.generated.models.choice_column import ChoiceColumn
from msgraph.generated.models.column_definition import ColumnDefinition
from msgraph.generated.models.date_time_column import DateTimeColumn
from msgraph.generated.models.default_column_value import DefaultColumnValue
from msgraph.generated.models.number_column import NumberColumn
from msgraph.generated.models.text_column import TextColumn

from tickets.kb.deflection import Outcome
from tickets.model import Priority, Status, TicketType


class Kind(StrEnum):
    TEXT = "text"
    NOTE = "note"  # multi-line plain text
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "dateTime"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    display_name: str = ""
    indexed: bool = False
    unique: bool = False
    choices: tuple[str, ...] = ()
    default: str = ""  # the value SharePoint fills in when someone adds an item by hand

    @property
    def facet(self) -> str:
        """The columnDefinition property that carries the type (`text` for notes too)."""
        return "text" if self.kind is Kind.NOTE else self.kind.value

    def definition(self) -> ColumnDefinition:
        column = ColumnDefinition(name=self.name, display_name=self.display_name or self.name,
                                  indexed=self.indexed or self.unique, enforce_unique_values=self.unique)
        match self.kind:
            case Kind.TEXT:
                column.text = TextColumn(allow_multiple_lines=False, max_length=255)
            case Kind.NOTE:
                column.text = TextColumn(allow_multiple_lines=True, text_type="plain",
                                         append_changes_to_existing_text=False)
            case Kind.CHOICE:
                column.choice = ChoiceColumn(choices=list(self.choices), display_as="dropDownMenu",
                                             allow_text_entry=False)
            case Kind.NUMBER:
                column.number = NumberColumn()
            case Kind.DATE:
                column.date_time = DateTimeColumn(format="dateTime", display_as="default")
        if self.default:
            column.default_value = DefaultColumnValue(value=self.default)
        return column


OPEN, DONE = "Open", "Done"

TICKET_COLUMNS: tuple[Column, ...] = (
    Column("TicketType", Kind.CHOICE, "Type", choices=tuple(t.value for t in TicketType)),
    Column("Status", Kind.CHOICE, indexed=True, choices=tuple(s.value for s in Status)),
    Column("OpenState", Kind.CHOICE, "Open or done", indexed=True, choices=(OPEN, DONE)),
    Column("Priority", Kind.CHOICE, indexed=True, choices=tuple(p.value for p in Priority)),
    Column("Queue", Kind.TEXT, indexed=True),
    Column("RequesterId", Kind.TEXT, "Requester id", indexed=True),
    Column("RequesterName", Kind.TEXT, "Requester"),
    Column("RequesterEmail", Kind.TEXT, "Requester email"),
    Column("AssigneeId", Kind.TEXT, "Assignee id", indexed=True),
    Column("AssigneeName", Kind.TEXT, "Assignee"),
    Column("Category", Kind.TEXT),
    Column("Subcategory", Kind.TEXT),
    Column("Tier", Kind.NUMBER),
    Column("OpenedAt", Kind.DATE, "Opened"),
    Column("UpdatedAt", Kind.DATE, "Updated"),
    Column("ResponseDue", Kind.DATE, "Response due"),
    Column("ResolutionDue", Kind.DATE, "Resolution due", indexed=True),
    Column("SlaNextAt", Kind.DATE, "SLA next check", indexed=True),
    Column("ResolvedAt", Kind.DATE, "Resolved"),
    Column("ClosedAt", Kind.DATE, "Closed"),
    Column("Version", Kind.NUMBER),
    Column("IdempotencyKey", Kind.TEXT, "Idempotency key", unique=True),
    Column("TicketJson", Kind.NOTE, "Ticket (JSON)"),
)

STATE_COLUMNS: tuple[Column, ...] = (
    Column("DocKey", Kind.TEXT, "Key", unique=True),
    Column("Document", Kind.NOTE, "Document (JSON)"),
)

KNOWLEDGE_LIST = "Service Desk Knowledge"
DEFLECTIONS_LIST = "Service Desk Deflections"
PUBLISHED, DRAFT = "Published", "Draft"

# Articles an admin can write in SharePoint: Title, Keywords (comma-separated), Category, Body
# (Markdown), Status. Slug is the article id (empty: made from the title). A new item is a draft.
KNOWLEDGE_COLUMNS: tuple[Column, ...] = (
    Column("Slug", Kind.TEXT, "Slug (article id)", unique=True),
    Column("Keywords", Kind.TEXT),
    Column("Category", Kind.TEXT),
    Column("Body", Kind.NOTE, "Body (Markdown)"),
    Column("Status", Kind.CHOICE, indexed=True, choices=(PUBLISHED, DRAFT), default=DRAFT),
    Column("SourceTicket", Kind.TEXT, "Source ticket"),
)

DEFLECTION_COLUMNS: tuple[Column, ...] = (
    Column("At", Kind.DATE, "At", indexed=True),
    Column("PersonId", Kind.TEXT, "Person id"),
    Column("ArticleId", Kind.TEXT, "Article"),
    Column("Query", Kind.NOTE, "Question"),
    Column("Outcome", Kind.CHOICE, choices=tuple(o.value for o in Outcome)),
    Column("EventKey", Kind.TEXT, "Event key", unique=True),
)
