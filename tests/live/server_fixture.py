"""A real server in a child process on a throw-away database, for tests that kill it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from wijkdialoog.web import server

# Runs in a child process with Django set up: create a dialogue and open its first
# question through a conductor, as the facilitator's console would.
SETUP = """
import json, django
django.setup()
from wijkdialoog.web.dialogues import models, offline
hood = models.Neighbourhood.objects.create(name="Testwijk")
d = models.Dialogue.objects.create(neighbourhood=hood, title="Hersteltest")
for position, title in enumerate(["Wat gaat goed?", "Wat is nodig?"]):
    models.ScriptItem.objects.create(dialogue=d, position=position, kind="question", title=title)
outcome = offline.open_next_item(d.pk)
assert outcome.accepted, outcome
print(json.dumps({"dialogue": d.pk, "code": d.invite_code}))
"""

QUERY = """
import json, django
django.setup()
from wijkdialoog.web.dialogues import models
d = models.Dialogue.objects.get(pk={dialogue})
print(json.dumps({{
    "statements": {{s.engine_id: s.text for s in models.Statement.objects.filter(dialogue=d)}},
    "votes": [[v.participant_id, v.statement.engine_id, v.vote]
              for v in models.VoteRecord.objects.filter(statement__dialogue=d)],
    "events": models.Event.objects.filter(dialogue=d).count(),
}}))
"""


class LiveServer:
    def __init__(self, var_dir: Path, env_extra: dict[str, str], *, workers: int = 1) -> None:
        self.env = server.server_env(var_dir, **env_extra)
        self.workers = workers
        self.log = var_dir / "server.log"
        self.port = server.free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def python(self, code: str) -> Any:
        """Run Python with Django set up for this server; return its last line, as JSON."""
        output = self._run([sys.executable, "-c", code], timeout_s=120)
        return json.loads(output.strip().splitlines()[-1])

    def migrate(self) -> None:
        self._run([sys.executable, "manage.py", "migrate", "-v0"], timeout_s=300)

    def _run(self, command: list[str], *, timeout_s: float) -> str:
        done = subprocess.run(
            command,
            env=self.env,
            cwd=server.REPO,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        self.process = server.start(
            "127.0.0.1", self.port, self.env, log=self.log, workers=self.workers
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown hook runs, as in a crash
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            server.stop(self.process)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"
