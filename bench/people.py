"""Who talks to the bots in the bench: employees with tickets, and the technicians' team."""

from __future__ import annotations

from dataclasses import dataclass

TENANT = "tenant-bench"
BOT = {"id": "28:desk-bot", "name": "ServiceDesk"}
TEAM_ID = "19:it-team@thread.tacv2"
EMPLOYEES = 40  # seeded ticket n belongs to employee (n - 1) % EMPLOYEES
TECHNICIANS = 32


@dataclass(frozen=True)
class User:
    user_id: str  # 29:...
    aad_id: str
    name: str

    @property
    def account(self) -> dict:
        return {"id": self.user_id, "name": self.name, "aadObjectId": self.aad_id}

    @property
    def chat_id(self) -> str:
        return f"a:chat-{self.aad_id}"


def employee(i: int) -> User:
    return User(f"29:emp-{i:03d}", f"aad-emp-{i:03d}", f"Employee {i:03d}")


def technician(i: int) -> User:
    return User(f"29:tech-{i:03d}", f"aad-tech-{i:03d}", f"Technician {i:03d}")


def requester_of(number: int) -> User:
    return employee((number - 1) % EMPLOYEES)


def team_members() -> list[dict]:
    return [{**technician(i).account, "userPrincipalName": f"tech{i}@bench.example"} for i in range(TECHNICIANS)]


def reference(number: int) -> str:
    """Seeded ticket n is a service request when n % 5 == 3, else an incident."""
    return f"{'REQ' if number % 5 == 3 else 'INC'}-{number:06d}"
