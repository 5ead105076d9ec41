"""`portal mcp` driven end to end by the official MCP Python SDK client, over stdio.

    python3 Tests/MCP/test_mcp.py PATH/TO/portal

Copies content/ and templates/ to a temporary folder, builds that copy into a site (its catalog.json
and Markdown twins are what the answers are checked against), then starts `portal mcp` on the copy
and: initialises, lists the tools, the resources and the resource template, reads every resource,
calls every tool with good arguments (results against the catalogue; search's order against the
site's own search.js, run by Node) and bad ones (a protocol error naming the argument, with the
closest value), edits the copy and checks the next call sees it, and
checks the server wrote nothing into the content; then serves the built site (`--site`) and
replays every good call, which must give the same results, and checks a rebuild is seen. Exits
non-zero on the first failure.
"""

import asyncio
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

ROOT = Path(__file__).resolve().parent.parent.parent
PROTOCOL = "2025-11-25"
TOOLS = {"search", "get_page", "list_resources", "list_tutorials", "starter_kit", "breakouts", "related"}
INVALID_PARAMS = -32602


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ids(cards):
    return [card["id"] for card in cards]


async def expect_error(session, tool, arguments, argument, fragment):
    """The call fails with invalid params naming `argument`, its message holding `fragment`."""
    try:
        result = await session.call_tool(tool, arguments)
    except MCPError as error:
        assert error.code == INVALID_PARAMS, (tool, arguments, error.code)
        assert f"argument '{argument}'" in error.message, (tool, arguments, error.message)
        assert fragment in error.message, (tool, arguments, error.message)
        return error.message
    raise AssertionError(f"{tool}({arguments}) succeeded: {result}")


# The good calls made of the server on the content, with their results, replayed on `--site`.
RECORDED = []


async def call(session, tool, arguments=None, record=True):
    result = await session.call_tool(tool, arguments or {})
    assert not result.is_error, (tool, arguments, result)
    # The text content is the structured content as JSON, for clients that read only text.
    assert json.loads(result.content[0].text) == result.structured_content
    if record:
        RECORDED.append((tool, arguments or {}, result.structured_content))
    return result.structured_content


def without_snippets(value):
    """A search result without its snippets, which --site makes from the index's 600 characters."""
    if isinstance(value, dict) and "results" in value:
        return {**value, "results": [{k: v for k, v in result.items() if k != "snippet"} for result in value["results"]]}
    return value


async def run(portal: str, work: Path) -> None:
    content, templates, site = work / "content", work / "templates", work / "site"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    subprocess.run([portal, "build", "--content", str(content), "--templates", str(templates), "--output", str(site)],
                   check=True, stdout=subprocess.DEVNULL)
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    pages = {page["key"]: page for page in catalog["pages"]}
    of_kind = lambda kind: sorted(key for key, page in pages.items() if page["kind"] == kind)
    before = tree_hash(content)

    params = StdioServerParameters(command=portal, args=["mcp", "--content", str(content), "--templates", str(templates)])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            initialised = await session.initialize()
            assert initialised.protocol_version == PROTOCOL, initialised.protocol_version
            assert initialised.server_info.name == "portal"

            tools = (await session.list_tools()).tools
            assert {tool.name for tool in tools} == TOOLS, [tool.name for tool in tools]
            # The catalogue names the server's tools and resource template.
            assert [tool.name for tool in tools] == catalog["site"]["mcp"]["tools"]
            for tool in tools:
                assert tool.input_schema["type"] == "object" and tool.output_schema["type"] == "object", tool.name
                assert tool.annotations.read_only_hint is True, tool.name

            # Every page a resource, each one's text its Markdown twin on the built site.
            resources = (await session.list_resources()).resources
            assert sorted(resource.name for resource in resources) == sorted(pages), "resources are not the catalogue's pages"
            for resource in resources:
                page = pages[resource.name]
                assert resource.title == page["title"], resource
                text = (await session.read_resource(resource.uri)).contents[0].text
                assert text == (site / page["markdown_url"]).read_text(encoding="utf-8"), resource.uri
            templates_listed = (await session.list_resource_templates()).resource_templates
            assert [template.uri_template for template in templates_listed] == [catalog["site"]["mcp"]["resource_template"]]
            try:
                await session.read_resource("portal://tutorials/jet-taging")
                raise AssertionError("an unknown resource was read")
            except MCPError as error:
                assert error.code == INVALID_PARAMS and "did you mean 'portal://tutorials/jet-tagging'?" in error.message, error.message

            # search
            found = await call(session, "search", {"query": "jet tagging", "limit": 5})
            assert 0 < len(found["results"]) <= 5 and found["total"] >= len(found["results"])
            for result in found["results"]:
                assert pages[result["id"]]["url"] == result["url"] and pages[result["id"]]["title"] == result["title"], result
            assert "tutorial/jet-tagging" in ids(found["results"])
            only = await call(session, "search", {"query": "jet", "kind": "resource", "limit": 50})
            assert only["results"] and all(result["kind"] == "resource" for result in only["results"])
            tagged = await call(session, "search", {"query": "agent", "area": "agentic-ai", "limit": 50})
            assert all("breakout/agentic-ai" in pages[result["id"]]["references"]["areas"] or result["id"] == "breakout/agentic-ai"
                       for result in tagged["results"])
            assert (await call(session, "search", {"query": "histogarm"}))["corrected_query"] == "histogram"
            # The same ranking as the site's search box: search.js itself, run by Node on the built
            # site, orders the first ten results of every query of the relevance set as the tool does.
            queries = [case["query"] for case in json.loads((ROOT / "Tests/Browser/relevance.json").read_text(encoding="utf-8"))["queries"]]
            queries += ["histogarm", "mcp", "agent benchmark", "graph neural network", "root"]
            by_script = json.loads(subprocess.run(["node", str(ROOT / "Tests/MCP/search_js_rank.js"), str(site), "10", *queries],
                                                  check=True, capture_output=True, text=True).stdout)
            for query in queries:
                by_tool = [result["url"] for result in (await call(session, "search", {"query": query}))["results"]]
                assert by_tool == by_script[query], (query, by_tool, by_script[query])
            await expect_error(session, "search", {}, "query", "is required")
            await expect_error(session, "search", {"query": "jets", "limit": 0}, "limit", "between 1 and 50")
            await expect_error(session, "search", {"query": "jets", "kind": "tutorail"}, "kind", "did you mean 'tutorial'?")
            await expect_error(session, "search", {"qurey": "jets"}, "qurey", "did you mean 'query'?")

            # get_page: the twin and the catalogue's front-matter
            page = await call(session, "get_page", {"id": "tutorial/jet-tagging"})
            assert page["front_matter"] == pages["tutorial/jet-tagging"]["front_matter"]
            assert page["markdown"] == (site / pages["tutorial/jet-tagging"]["markdown_url"]).read_text(encoding="utf-8")
            assert (await call(session, "get_page", {"id": "jet-tagging"}))["id"] == "tutorial/jet-tagging"
            await expect_error(session, "get_page", {"id": "jet-taging"}, "id", "did you mean 'jet-tagging'?")
            await expect_error(session, "get_page", {"id": 7}, "id", "must be a string")

            # list_resources, list_tutorials
            assert sorted(ids((await call(session, "list_resources"))["resources"])) == of_kind("resource")
            datasets = ids((await call(session, "list_resources", {"type": "dataset"}))["resources"])
            assert sorted(datasets) == sorted(key for key in of_kind("resource") if pages[key]["front_matter"].get("type") == "dataset")
            await expect_error(session, "list_resources", {"type": "datset"}, "type", "did you mean 'dataset'?")
            assert sorted(ids((await call(session, "list_tutorials"))["tutorials"])) == of_kind("tutorial")
            beginner = ids((await call(session, "list_tutorials", {"level": "beginner"}))["tutorials"])
            assert sorted(beginner) == sorted(key for key in of_kind("tutorial") if pages[key]["front_matter"].get("level") == "beginner")
            await expect_error(session, "list_tutorials", {"level": "expert"}, "level", "is not one of")

            # starter_kit, breakouts, related
            steps = (await call(session, "starter_kit"))["steps"]
            assert ids(steps) == sorted(of_kind("step"), key=lambda key: pages[key]["front_matter"]["step"])
            for step in steps:
                assert ids(step["tutorials"]) == pages[step["id"]]["references"]["tutorials"], step["id"]
                assert ids(step["resources"]) == pages[step["id"]]["references"]["resources"], step["id"]
            await expect_error(session, "starter_kit", {"x": 1}, "x", "takes no arguments")
            breakouts = (await call(session, "breakouts"))["breakouts"]
            assert ids(breakouts) == of_kind("breakout")
            for breakout in breakouts:
                assert ids(breakout["tutorials"]) == pages[breakout["id"]]["references"]["tutorials"], breakout["id"]
            for key in of_kind("tutorial"):
                related = await call(session, "related", {"id": key})
                for name, keys in pages[key]["references"].items():
                    assert ids(related[name]) == keys, (key, name)
            await expect_error(session, "related", {"id": "tutorial/nowhere"}, "id", "no page is named")
            try:
                await session.call_tool("serch", {})
                raise AssertionError("an unknown tool was called")
            except MCPError as error:
                assert error.code == INVALID_PARAMS and "did you mean 'search'?" in error.message, error.message

            # An edit of the content is seen by the next call, with no restart.
            recorded = list(RECORDED)
            assert tree_hash(content) == before, "the server wrote into the content"
            source = content / pages["tutorial/jet-tagging"]["source"]
            text = source.read_text(encoding="utf-8")
            title = pages["tutorial/jet-tagging"]["title"]
            source.write_text(text.replace(f"title: {title}", "title: Quarkonium tagging renamed", 1)
                              + "\nThe word zyxwvutsrq appears only here.\n", encoding="utf-8")
            assert (await call(session, "get_page", {"id": "jet-tagging"}, record=False))["title"] == "Quarkonium tagging renamed"
            assert ids((await call(session, "search", {"query": "zyxwvutsrq"}, record=False))["results"]) == ["tutorial/jet-tagging"]

    # --site: the built site's catalog.json, twins and search index give the same answers, and a
    # rebuild of the site is seen by the next call.
    params = StdioServerParameters(command=portal, args=["mcp", "--site", str(site)])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = (await session.list_resources()).resources
            assert sorted(resource.name for resource in listed) == sorted(pages)
            for tool, arguments, expected in recorded:
                got = await call(session, tool, arguments, record=False)
                assert without_snippets(got) == without_snippets(expected), (tool, arguments)
            subprocess.run([portal, "build", "--content", str(content), "--templates", str(templates), "--output", str(site)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            assert (await call(session, "get_page", {"id": "jet-tagging"}, record=False))["title"] == "Quarkonium tagging renamed"
    print(f"portal mcp: protocol {PROTOCOL}, {len(TOOLS)} tools, {len(pages)} resources read and checked against catalog.json, "
          f"{len(queries)} queries ranked as search.js ranks them, {len(recorded)} calls answered alike with --site")


def main() -> None:
    portal = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/portal")
    with tempfile.TemporaryDirectory(prefix="portal-mcp-") as work:
        asyncio.run(run(portal, Path(work)))


if __name__ == "__main__":
    main()
