"""Writes docs/mcp-transcript.md: one conversation with `portal mcp` on the shipped content, the
JSON-RPC messages as they went over stdio (long answers shortened where marked).

    python3 Tests/MCP/transcript.py PATH/TO/portal
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

CONVERSATION = [
    ("The client opens the session with the newest revision it and the server share.",
     {"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "transcript", "version": "1"}}}),
    ("It confirms; no answer is due.", {"jsonrpc": "2.0", "method": "notifications/initialized"}),
    ("It lists the tools (only the first is shown whole).", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
    ("It searches.", {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                      "params": {"name": "search", "arguments": {"query": "mcp server", "limit": 2}}}),
    ("It asks for a page by a misspelt id: a protocol error naming the argument and the closest id.",
     {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "get_page", "arguments": {"id": "mcp-servr"}}}),
    ("It asks what the tutorial is connected to.",
     {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "related", "arguments": {"id": "mcp-server"}}}),
    ("It reads the tutorial as a resource (the Markdown shortened).",
     {"jsonrpc": "2.0", "id": 6, "method": "resources/read", "params": {"uri": "portal://tutorials/mcp-server"}}),
]


def shorten(message: dict) -> dict:
    result = message.get("result", {})
    if "tools" in result:
        result["tools"] = result["tools"][:1] + [f"… {len(result['tools']) - 1} more: " + ", ".join(t["name"] for t in result["tools"][1:])]
    for content in result.get("contents", []):
        lines = content["text"].split("\n")
        content["text"] = "\n".join(lines[:14]) + f"\n… ({len(lines) - 14} more lines)"
    for content in result.get("content", []):
        if content.get("type") == "text" and len(content["text"]) > 200:
            content["text"] = content["text"][:200] + "… (the structured content as JSON)"
    return message


def main() -> None:
    portal = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/portal")
    server = subprocess.Popen([portal, "mcp", "--content", str(ROOT / "content"), "--templates", str(ROOT / "templates")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = ["# One conversation with `portal mcp`", "",
           "Written by `Tests/MCP/transcript.py` on the shipped content: each message as it went over standard",
           "input (→, client to server) and output (←), one JSON object per line on the wire, shown indented.",
           "Protocol revision 2025-11-25; server `portal mcp` on modelcontextprotocol/swift-sdk 0.12.1.", ""]
    for note, request in CONVERSATION:
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        out += [f"## {note}", "", "→", "```json", json.dumps(request, indent=2), "```", ""]
        if "id" in request:
            answer = json.loads(server.stdout.readline())
            out += ["←", "```json", json.dumps(shorten(answer), indent=2, ensure_ascii=False), "```", ""]
    server.stdin.close()
    server.wait(timeout=30)
    (ROOT / "docs/mcp-transcript.md").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
