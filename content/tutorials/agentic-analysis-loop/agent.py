"""A minimal, auditable agent loop around the read-only tools of tool.py.

The loop talks to any server that implements the OpenAI-compatible chat-completions
API with tool calling (a hosted provider, or a local server such as Ollama or vLLM).
Every model response and every tool call is appended to a JSON Lines log, and tool
calls need human approval unless the policy allows read-only tools to run unattended.

Usage:
    export OPENAI_BASE_URL=http://localhost:11434/v1   # for example, a local Ollama server
    export OPENAI_API_KEY=unused                        # a real key for hosted providers
    python agent.py --model MODEL_NAME "What fraction of events in uproot-HZZ.root have two or more muons?"

tool.py (from part 1 of the series) must be importable, e.g. in the same folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import tool

SYSTEM_PROMPT = """You help physicists inspect particle-physics data.
You can only learn about the data through the tools you are given.
Rules:
- Every number in your answer must come from a tool result in this conversation.
- If a tool returns an error, read it and correct the call; never guess names or values.
- If the task cannot be done with the tools, say so plainly instead of estimating.
- Keep the answer short. When the task asks for a single value, end with a line
  'ANSWER: <value>'."""


class RunLog:
    """Append-only JSON Lines log of one agent run."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.path = directory / f"{self.run_id}.jsonl"

    def write(self, event: str, **data: Any) -> None:
        record = {"time": round(time.time(), 3), "run_id": self.run_id, "event": event, **data}
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, default=str) + "\n")


def ask_human(name: str, arguments: str) -> bool:
    print(f"\nThe agent wants to call {name} with arguments {arguments}")
    return input("Allow this call? [y/N] ").strip().lower() in {"y", "yes"}


def make_approver(policy: str, ask: Callable[[str, str], bool] = ask_human) -> Callable[[str, str], bool]:
    """ask-all: a person approves every call. auto-read-only: read-only tools run unattended."""

    def approve(name: str, arguments: str) -> bool:
        if policy == "auto-read-only" and name in tool.READ_ONLY:
            return True
        return ask(name, arguments)

    return approve


def run_agent(
    task: str,
    *,
    client: Any,
    model: str,
    log: RunLog,
    approve: Callable[[str, str], bool],
    max_steps: int = 8,
    temperature: float = 0.0,
) -> str | None:
    tools = tool.openai_tools()
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": task},
    ]
    log.write(
        "start",
        task=task,
        model=model,
        temperature=temperature,
        max_steps=max_steps,
        system_prompt_sha256=hashlib.sha256(SYSTEM_PROMPT.encode()).hexdigest(),
        tools=tools,
        data_dir=str(tool.DATA_DIR),
        python=platform.python_version(),
        uproot=tool.uproot.__version__,
    )
    for step in range(1, max_steps + 1):
        response = client.chat.completions.create(
            model=model, messages=messages, tools=tools, temperature=temperature
        )
        message = response.choices[0].message
        calls = message.tool_calls or []
        log.write(
            "model",
            step=step,
            served_model=response.model,
            content=message.content,
            tool_calls=[{"id": c.id, "name": c.function.name, "arguments": c.function.arguments} for c in calls],
            usage=response.usage.model_dump() if response.usage else None,
        )
        messages.append(message.model_dump(exclude_none=True))
        if not calls:
            log.write("final", step=step, answer=message.content)
            return message.content
        for call in calls:
            name, arguments = call.function.name, call.function.arguments
            approved = approve(name, arguments)
            if approved:
                result = tool.call_tool(name, arguments)
            else:
                result = json.dumps({"ok": False, "error": "the human reviewer rejected this call"})
            log.write("tool", step=step, call_id=call.id, name=name, arguments=arguments,
                      approved=approved, result=result)
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    log.write("stopped", reason=f"no final answer after {max_steps} steps")
    return None


def main() -> None:
    from openai import OpenAI  # imported here so the rest of the module works without it

    parser = argparse.ArgumentParser(description="Run the ROOT-inspection agent on one task.")
    parser.add_argument("task", help="the question, in plain language")
    parser.add_argument("--model", default=os.environ.get("AGENT_MODEL"), help="model name on the server")
    parser.add_argument("--policy", choices=["ask-all", "auto-read-only"], default="ask-all")
    parser.add_argument("--max-steps", type=int, default=8)
    parser.add_argument("--log-dir", type=Path, default=Path("runs"))
    args = parser.parse_args()
    if not args.model:
        parser.error("give --model or set AGENT_MODEL")

    client = OpenAI()  # reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment
    log = RunLog(args.log_dir)
    answer = run_agent(args.task, client=client, model=args.model, log=log,
                       approve=make_approver(args.policy), max_steps=args.max_steps)
    print("\n" + (answer if answer is not None else "(no answer: step limit reached)"))
    print(f"\nFull log: {log.path}")


if __name__ == "__main__":
    main()
