"""The service desk as `app.py` builds it, on a local store the bench seeded."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from app import create_app
from bench.serve import serve, server_args
from config import Settings

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    parser = server_args("service desk")
    parser.add_argument("--data-dir", type=Path, required=True)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    settings = Settings(data_dir=arguments.data_dir, desk_config=ROOT / "desk.yaml",
                        host="127.0.0.1", port=arguments.port)
    asyncio.run(serve(create_app(settings), arguments.port, arguments.max_seconds))
