"""Ask the portal's MCP server a few questions, as an assistant would, and print the answers.

    python3 ask_portal.py PORTAL CONTENT TEMPLATES "your question words"

PORTAL is the built `portal` command, CONTENT and TEMPLATES the portal's folders. Needs the MCP
Python SDK (pip install mcp).
"""

import asyncio
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def ask(portal: str, content: str, templates: str, question: str) -> None:
    server = StdioServerParameters(command=portal, args=["mcp", "--content", content, "--templates", templates])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            # What the server offers, as the assistant sees it.
            tools = (await session.list_tools()).tools
            print("tools:", ", ".join(tool.name for tool in tools))

            # Search, ranked as the site's own search box ranks.
            found = await session.call_tool("search", {"query": question, "limit": 3})
            results = found.structured_content["results"]
            for result in results:
                print(f"- {result['title']} ({result['kind']}): {result['url']}")
            if not results:
                return

            # Read the best page as Markdown, with its front-matter.
            page = await session.call_tool("get_page", {"id": results[0]["id"]})
            markdown = page.structured_content["markdown"]
            print(f"\n{results[0]['id']}: {len(markdown)} characters of Markdown; it begins:")
            print("\n".join(markdown.splitlines()[:8]))

            # And what it is connected to.
            related = await session.call_tool("related", {"id": results[0]["id"]})
            for relation, pages in related.structured_content.items():
                if isinstance(pages, list) and pages:
                    print(f"{relation}: " + ", ".join(p["id"] for p in pages))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    asyncio.run(ask(*sys.argv[1:]))
