"""Serve the read-only ROOT tools of tool.py over the Model Context Protocol.

Any MCP client (a desktop assistant, an IDE, an agent framework, or client.py in this
folder) can start this server as a subprocess and call its tools over stdio.

    python server.py            # normally started by the client, not by hand

Needs tool.py (part 1 of the agentic basics series) in the same folder, and the data
directory in HEP_TOOL_DATA (default: ./data relative to the working directory).
"""

from __future__ import annotations

try:  # the Python SDK renamed FastMCP to MCPServer in version 2
    from mcp.server.mcpserver import MCPServer
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as MCPServer
from mcp.types import ToolAnnotations

import tool

server = MCPServer(
    "hep-root-tools",
    instructions=(
        "Read-only tools to inspect ROOT files in one data directory. Call list_branches "
        "first to learn exact branch names. Results are JSON with an 'ok' field; when ok "
        "is false, read 'error' and correct the call."
    ),
)

READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)


@server.tool(annotations=READ_ONLY)
def list_branches(file: str, tree: str) -> str:
    """List the branches of a TTree in a ROOT file with their C++ types, and the number
    of entries. `file` is a path relative to the data directory, e.g. 'uproot-HZZ.root';
    `tree` is the TTree name, e.g. 'events'."""
    return tool.call_tool("list_branches", {"file": file, "tree": tree})


@server.tool(annotations=READ_ONLY)
def histogram_branch(
    file: str, tree: str, branch: str, bins: int, range: list[float], max_entries: int = tool.MAX_ENTRIES
) -> str:
    """Histogram one numeric branch of a TTree. Variable-length branches are flattened.
    `bins` is 1 to 500; `range` is [low, high]. Returns edges, counts, underflow,
    overflow and the number of values read, in the units stored in the file."""
    return tool.call_tool(
        "histogram_branch",
        {"file": file, "tree": tree, "branch": branch, "bins": bins, "range": range, "max_entries": max_entries},
    )


if __name__ == "__main__":
    server.run()  # stdio transport by default
