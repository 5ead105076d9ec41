"""A minimal MCP client: start server.py, list its tools and call one.

    python client.py

Uses the official MCP Python SDK (pip install "mcp[cli]").
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

HERE = Path(__file__).resolve().parent


async def main() -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=[str(HERE / "server.py")],
        env={"HEP_TOOL_DATA": os.environ.get("HEP_TOOL_DATA", str(HERE / "data"))},
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            listed = await session.list_tools()
            for t in listed.tools:
                print(f"{t.name}: {t.description.splitlines()[0]}")
                # the SDK renamed inputSchema to input_schema in version 2
                schema = getattr(t, "input_schema", None) or getattr(t, "inputSchema", {})
                print("  arguments:", ", ".join(schema.get("properties", {})))

            result = await session.call_tool(
                "histogram_branch",
                {"file": "uproot-HZZ.root", "tree": "events", "branch": "NMuon",
                 "bins": 3, "range": [-0.5, 2.5]},
            )
            for block in result.content:
                if block.type == "text":
                    print(json.dumps(json.loads(block.text), indent=2))


if __name__ == "__main__":
    asyncio.run(main())
