import PortalMarkdown
import Testing

/// The result of taking highlighted HTML apart: the text it stands for, and what is wrong with its spans.
private struct Dissected {
    var bytes: [UInt8] = []
    var problems: [String] = []
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

private let entities: [(name: [UInt8], byte: UInt8)] = [
    (Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")), (Array("&gt;".utf8), UInt8(ascii: ">")),
    (Array("&quot;".utf8), UInt8(ascii: "\"")), (Array("&#39;".utf8), UInt8(ascii: "'")),
]

private let knownClasses: Set<String> = ["k", "s", "c", "n", "f", "t", "v", "p", "o", "a", "d"]

/// Strips the spans from `html` and unescapes it, checking on the way that spans are well formed:
/// known classes, not nested, not empty, closed, and without line breaks inside.
private func dissect(_ html: String) -> Dissected {
    let html = Array(html.utf8)
    var result = Dissected()
    result.bytes.reserveCapacity(html.count)
    var inSpan = false
    var spanIsEmpty = true
    var i = 0
    while i < html.count {
        let byte = html[i]
        if byte == UInt8(ascii: "<") {
            guard let close = html[i...].firstIndex(of: UInt8(ascii: ">")) else {
                result.problems.append("unclosed tag")
                break
            }
            let tag = String(decoding: html[i...close], as: UTF8.self)
            i = close + 1
            if tag == "</span>" {
                if !inSpan { result.problems.append("stray </span>") }
                if spanIsEmpty { result.problems.append("empty span") }
                inSpan = false
            } else if tag.hasPrefix("<span class=\"hl-") && tag.hasSuffix("\">") {
                let name = tag.dropFirst("<span class=\"hl-".count).dropLast(2)
                if !knownClasses.contains(String(name)) { result.problems.append("unknown class \(name)") }
                if inSpan { result.problems.append("nested span") }
                inSpan = true
                spanIsEmpty = true
            } else {
                result.problems.append("unexpected tag \(tag)")
            }
        } else if byte == UInt8(ascii: "&") {
            guard let entity = entities.first(where: { html[i...].starts(with: $0.name) }) else {
                result.problems.append("bare ampersand")
                break
            }
            result.bytes.append(entity.byte)
            spanIsEmpty = false
            i += entity.name.count
        } else {
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                result.problems.append("unescaped \(Character(Unicode.Scalar(byte)))")
            }
            if inSpan && (byte == 0x0A || byte == 0x0D) { result.problems.append("line break inside a span") }
            result.bytes.append(byte)
            spanIsEmpty = false
            i += 1
        }
    }
    if inSpan { result.problems.append("unclosed span") }
    return result
}

/// One name per scanner.
private let canonicalLanguages = ["python", "shell", "console", "c", "cpp", "swift", "yaml", "json", "toml", "ini",
                                  "dockerfile", "cmake", "makefile", "diff", "sql", "julia", "fortran", "f", "r", "text"]

/// Inputs that are hard on scanners: unterminated constructs, odd characters, markup.
private let trickyInputs: [String] = [
    "",
    "\n",
    "\n\n\n",
    "\r\n\r\n",
    " ",
    "\"",
    "'",
    "\\",
    "`",
    "$",
    "#",
    "/*",
    "/* unterminated\ncomment\n",
    "\"unterminated string\nnext line",
    "'unterminated\n",
    "\"\"\"\nopen triple\n",
    "'''\n",
    "\"\\",
    "x = \"<script>alert('x & y')</script>\"\n",
    "<b>&amp;</b> & < > \" '",
    "héllo = \"wörld\" # ünïcode ✓\n",
    "名前: \"値\"  # コメント\n日本 = 1\n",
    "emoji = \"👩‍💻\" // 🎉\n\\é(",
    "${#x} $(echo \"$(date)\") `pwd` $'a\\'b' ${unterminated\n",
    "cat <<EOF\nbody $x\nEOF\ncat <<-'END'\n\tbody\n\tEND\n",
    "key: |\n  block\n  text\nnext: >-\n  folded\n",
    "- a\n- {b: 1, c: [2, 3]}\n--- # doc\n...\n",
    "R\"x(raw )\" string)x\" R\"(",
    "#include <stdio.h>\n#define X(a) ((a) * 2)\n",
    "#\"raw \"# string\"# \"\\(interp(\"x\"))\" @attr",
    "[table]\n[[array]]\nkey = \"\"\"\nmulti\n\"\"\"\n",
    "0x1F 1e+10 1.5e-3 .5 1'000 0b1010 -3",
    "\t\t  \t",
    "\u{0}\u{1}\u{7F}",
    "a\rb\rc",
    "FROM x AS y\nRUN a \\\n  # c\n  b && echo \"$X\" <<EOF\nbody\nEOF\nENV A=1 B\n",
    "#[=[ open bracket comment\nset(x [[open bracket\n${open $ENV{x} \"${a_${b}}\"",
    "all: $(OBJ) ${x\n\t$(CC) -o $@ $^ $$HOME \"$$(date)\" $(\ndefine X\n$(Y)\nendef\nA ?= $(B\n",
    "@@ -1,2 +1 @@ ctx\n-a\n+b\n--- x\n\\ No newline\n@@ -x +y @@\n@@ -1,99999999999 +1 @@\n",
    "SELECT 'it''s', $$ body $tag$ x $tag$, E'\\'' -- c\n/* open",
    "#= #= nested =# still =# x' 'a' '\\'' \"$(f(\"x\"))\" raw\"\\\" 1.5e-3im @time :sym",
    "c fixed comment\n* star\n      x = 1.0d-3 .and. 'it''s' ! c\n#define X\n",
    "f <- function(x) r\"(raw)\" r\"---[open x %in% y `a b` 0x1FL 2i",
    "\u{00E9}$(\u{00E9}) $\u{00E9} #=\u{00E9}=# '\u{00E9}' \"\u{00E9}\"",
]

@Suite("Syntax highlighting")
struct SyntaxHighlighterTests {
    @Test("Representative snippets get spans on the right tokens", arguments: [
        ("python", "@dataclass\nclass Point:\n    def norm(self) -> float:\n        return 1.5  # done\n",
         ["<span class=\"hl-t\">@dataclass</span>", "<span class=\"hl-k\">class</span> <span class=\"hl-t\">Point</span>",
          "<span class=\"hl-k\">def</span> <span class=\"hl-f\">norm</span>", "<span class=\"hl-k\">return</span>",
          "<span class=\"hl-n\">1.5</span>", "<span class=\"hl-c\"># done</span>", "<span class=\"hl-f\">float</span>"]),
        ("python", "s = f\"{x!r}\" + rb'\\x00' + '''a\nb'''\nif a is not None and b: pass\n",
         ["<span class=\"hl-s\">f&quot;{x!r}&quot;</span>", "<span class=\"hl-s\">rb&#39;\\x00&#39;</span>",
          "<span class=\"hl-s\">&#39;&#39;&#39;a</span>\n<span class=\"hl-s\">b&#39;&#39;&#39;</span>",
          "<span class=\"hl-k\">is</span> <span class=\"hl-k\">not</span> <span class=\"hl-k\">None</span>"]),
        ("bash", "#!/bin/bash\nexport PATH=\"$HOME/bin:${PATH}\" # add\nfor f in *.md; do echo a#b; done\n",
         ["<span class=\"hl-c\">#!/bin/bash</span>", "<span class=\"hl-k\">export</span> <span class=\"hl-v\">PATH</span>=",
          "<span class=\"hl-s\">&quot;</span><span class=\"hl-v\">$HOME</span><span class=\"hl-s\">/bin:</span><span class=\"hl-v\">${PATH}</span><span class=\"hl-s\">&quot;</span>",
          "<span class=\"hl-c\"># add</span>", "<span class=\"hl-k\">for</span> f <span class=\"hl-k\">in</span>",
          "echo a#b<span class=\"hl-o\">;</span> <span class=\"hl-k\">done</span>"]),
        ("sh", "echo ${#arr[@]} $1 'single $x'\n",
         ["<span class=\"hl-v\">${#arr[@]}</span>", "<span class=\"hl-v\">$1</span>", "<span class=\"hl-s\">&#39;single $x&#39;</span>"]),
        ("console", "$ pip install \"numpy>=2\"\nCollecting numpy # not a comment\n",
         ["$ pip install <span class=\"hl-s\">&quot;numpy&gt;=2&quot;</span>", "\nCollecting numpy # not a comment\n"]),
        ("shell", "cat <<EOF\nhello $x\nEOF\necho done\n",
         ["<span class=\"hl-o\">&lt;&lt;</span><span class=\"hl-s\">EOF</span>", "<span class=\"hl-s\">hello $x</span>\n<span class=\"hl-s\">EOF</span>\necho"]),
        ("console", "echo \"no prompt\" # so a script\n",
         ["<span class=\"hl-s\">&quot;no prompt&quot;</span>", "<span class=\"hl-c\"># so a script</span>"]),
        ("c", "struct point p; int x = a # b;\n  #  define N 1\n",
         ["<span class=\"hl-k\">struct</span> <span class=\"hl-t\">point</span> p", "a # b", "  <span class=\"hl-t\">#  define</span> N"]),
        ("c", "#include <stdio.h>\n/* block */ int main(void) { printf(\"%d\\n\", 'x'); return 0; } // end\n",
         ["<span class=\"hl-t\">#include</span> <span class=\"hl-s\">&lt;stdio.h&gt;</span>", "<span class=\"hl-c\">/* block */</span>",
          "<span class=\"hl-k\">int</span> <span class=\"hl-f\">main</span>(<span class=\"hl-k\">void</span>)",
          "<span class=\"hl-s\">&quot;%d\\n&quot;</span>", "<span class=\"hl-s\">&#39;x&#39;</span>",
          "<span class=\"hl-n\">0</span>", "<span class=\"hl-c\">// end</span>"]),
        ("c++", "template <typename T> class Box { std::size_t n = 1'000; auto s = R\"(a\"b)\"; };\n",
         ["<span class=\"hl-k\">template</span>", "<span class=\"hl-k\">typename</span>", "<span class=\"hl-k\">class</span>",
          "<span class=\"hl-t\">size_t</span>", "<span class=\"hl-n\">1&#39;000</span>", "<span class=\"hl-s\">R&quot;(a&quot;b)&quot;</span>"]),
        ("swift", "@MainActor\nfunc greet(_ name: String) -> String {\n    return \"Hi \\(name(\"x\"))\" /* a /* b */ c */\n}\nlet s = \"\"\"\n  multi\n  \"\"\"\n",
         ["<span class=\"hl-t\">@MainActor</span>", "<span class=\"hl-k\">func</span> <span class=\"hl-f\">greet</span>",
          "<span class=\"hl-t\">String</span>", "<span class=\"hl-s\">&quot;Hi \\(name(&quot;x&quot;))&quot;</span>",
          "<span class=\"hl-c\">/* a /* b */ c */</span>", "<span class=\"hl-s\">&quot;&quot;&quot;</span>\n<span class=\"hl-s\">  multi</span>"]),
        ("swift", "xs.map { $0 * 2 }.filter(isValid) // #\"x\"\n",
         ["<span class=\"hl-v\">$0</span>", "<span class=\"hl-f\">filter</span>", "<span class=\"hl-c\">// #&quot;x&quot;</span>"]),
        ("yaml", "%YAML 1.2\n---\nname: \"portal\" # the name\nversion: 1.5\nenabled: true\nnothing: ~\nlist:\n  - &a x\n  - *a\nrun: |\n  echo hi\n  echo bye\nurl: http://example.org\n",
         ["<span class=\"hl-t\">%YAML 1.2</span>", "<span class=\"hl-k\">---</span>", "<span class=\"hl-p\">name</span><span class=\"hl-o\">:</span>",
          "<span class=\"hl-s\">&quot;portal&quot;</span>", "<span class=\"hl-c\"># the name</span>", "<span class=\"hl-n\">1.5</span>",
          "<span class=\"hl-k\">true</span>", "<span class=\"hl-k\">~</span>", "<span class=\"hl-v\">&amp;a</span>", "<span class=\"hl-v\">*a</span>",
          "<span class=\"hl-s\">echo hi</span>\n  <span class=\"hl-s\">echo bye</span>", "<span class=\"hl-o\">:</span> http://example.org"]),
        ("json", "{\n  \"name\": \"portal\",\n  \"n\" : -1.5e3,\n  \"ok\": [true, null]\n}\n",
         ["<span class=\"hl-p\">&quot;name&quot;</span>", "<span class=\"hl-s\">&quot;portal&quot;</span>", "<span class=\"hl-p\">&quot;n&quot;</span>",
          "<span class=\"hl-n\">-1.5e3</span>", "<span class=\"hl-k\">true</span>", "<span class=\"hl-k\">null</span>"]),
        ("jsonc", "// comment\n{\"a\": 1 /* b */}\n",
         ["<span class=\"hl-c\">// comment</span>", "<span class=\"hl-c\">/* b */</span>", "<span class=\"hl-p\">&quot;a&quot;</span>"]),
        ("toml", "[package]\nname = \"portal\" # n\nsite.url = 'x'\nopts = { fast = true, n = 3 }\nwhen = 1979-05-27T07:32:00Z\n",
         ["<span class=\"hl-t\">[package]</span>", "<span class=\"hl-p\">name</span>", "<span class=\"hl-s\">&quot;portal&quot;</span>",
          "<span class=\"hl-c\"># n</span>", "<span class=\"hl-p\">site</span>.<span class=\"hl-p\">url</span>", "<span class=\"hl-p\">fast</span>",
          "<span class=\"hl-k\">true</span>", "<span class=\"hl-n\">3</span>", "<span class=\"hl-n\">1979-05-27T07:32:00Z</span>"]),
        ("ini", "; comment\n[server]\nport = 8080\nname = \"x\"\ndebug: yes\n",
         ["<span class=\"hl-c\">; comment</span>", "<span class=\"hl-t\">[server]</span>", "<span class=\"hl-p\">port</span>",
          "<span class=\"hl-n\">8080</span>", "<span class=\"hl-s\">&quot;x&quot;</span>", "<span class=\"hl-k\">yes</span>"]),
   
        ("dockerfile", "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS build\nARG VERSION=1.0\nENV PATH=\"/opt/bin:$PATH\" LANG=C.UTF-8\nLABEL org.title=\"portal\"\nCOPY --from=build /app /app\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install -r req.txt && \\\n    # inside\n    echo \"done ${VERSION}\"\nRUN <<EOF\napt-get update\nEOF\nEXPOSE 8080/tcp\nCMD [\"python\", \"-m\", \"portal\"]\nonbuild run make\n",
         ["<span class=\"hl-c\"># syntax=docker/dockerfile:1</span>", "<span class=\"hl-k\">FROM</span> python:3.12-slim <span class=\"hl-k\">AS</span> build",
          "<span class=\"hl-k\">ARG</span> <span class=\"hl-v\">VERSION</span>=1.0",
          "<span class=\"hl-v\">PATH</span>=<span class=\"hl-s\">&quot;/opt/bin:$PATH&quot;</span> <span class=\"hl-v\">LANG</span>=C.UTF-8",
          "<span class=\"hl-p\">org.title</span>=<span class=\"hl-s\">&quot;portal&quot;</span>", "<span class=\"hl-p\">--from</span>=build",
          "<span class=\"hl-p\">--mount</span>=type=cache", "req.txt <span class=\"hl-o\">&amp;&amp;</span> \\", "    <span class=\"hl-c\"># inside</span>\n",
          "<span class=\"hl-s\">&quot;done </span><span class=\"hl-v\">${VERSION}</span>",
          "<span class=\"hl-o\">&lt;&lt;</span><span class=\"hl-s\">EOF</span>\n<span class=\"hl-s\">apt-get update</span>\n<span class=\"hl-s\">EOF</span>",
          "<span class=\"hl-n\">8080</span>/tcp", "[<span class=\"hl-s\">&quot;python&quot;</span>,", "<span class=\"hl-k\">onbuild</span> <span class=\"hl-k\">run</span> make"]),
        ("cmake", "cmake_minimum_required(VERSION 3.20)\n#[[ bracket\ncomment ]]\nset(CMAKE_CXX_STANDARD 17)\nIF(NOT DEFINED X AND \"${X}\" STREQUAL \"y\")\n  message(STATUS \"home $ENV{HOME} in ${CMAKE_SOURCE_DIR}/src\")\nendif()\nfunction(add_portal_test name)\n  add_test(NAME ${name} COMMAND [=[raw ]] arg]=]) # trailing\nendfunction()\ntarget_link_libraries(portal PUBLIC src/PUBLIC.cpp)\n",
         ["<span class=\"hl-f\">cmake_minimum_required</span>(<span class=\"hl-k\">VERSION</span> <span class=\"hl-n\">3.20</span>)",
          "<span class=\"hl-c\">#[[ bracket</span>\n<span class=\"hl-c\">comment ]]</span>", "<span class=\"hl-f\">set</span>(CMAKE_CXX_STANDARD <span class=\"hl-n\">17</span>)",
          "<span class=\"hl-k\">IF</span>(<span class=\"hl-k\">NOT</span> <span class=\"hl-k\">DEFINED</span> X",
          "<span class=\"hl-s\">&quot;</span><span class=\"hl-v\">${X}</span><span class=\"hl-s\">&quot;</span> <span class=\"hl-k\">STREQUAL</span>",
          "<span class=\"hl-s\">&quot;home </span><span class=\"hl-v\">$ENV{HOME}</span><span class=\"hl-s\"> in </span><span class=\"hl-v\">${CMAKE_SOURCE_DIR}</span><span class=\"hl-s\">/src&quot;</span>",
          "<span class=\"hl-k\">endif</span>()", "<span class=\"hl-k\">function</span>(<span class=\"hl-f\">add_portal_test</span> name)",
          "<span class=\"hl-s\">[=[raw ]] arg]=]</span>) <span class=\"hl-c\"># trailing</span>", "<span class=\"hl-k\">PUBLIC</span> src/PUBLIC.cpp)"]),
        ("makefile", "# Build\nCC := gcc\nCFLAGS ?= -O2\nOBJ = main.o $(SRC:.c=.o)\nexport PATH := $(HOME)/bin\n.PHONY: all clean\nportal: $(OBJ) | build\n\t$(CC) -o $@ $^\n\t@echo \"built $@ at $$(date)\" # done\n\tfor f in $(OBJ); do echo $$f; done\nifeq ($(DEBUG),1)\nCFLAGS += -g\nendif\ndefine HELP\nUsage: make $(TARGET)\nendef\nclean: ; rm -f *.o\n",
         ["<span class=\"hl-c\"># Build</span>", "<span class=\"hl-v\">CC</span> <span class=\"hl-o\">:=</span> gcc", "<span class=\"hl-v\">CFLAGS</span> <span class=\"hl-o\">?=</span> -O2",
          "main.o <span class=\"hl-v\">$(SRC:.c=.o)</span>", "<span class=\"hl-k\">export</span> <span class=\"hl-v\">PATH</span> <span class=\"hl-o\">:=</span> <span class=\"hl-v\">$(HOME)</span>/bin",
          "<span class=\"hl-k\">.PHONY</span><span class=\"hl-o\">:</span> all clean", "<span class=\"hl-f\">portal</span><span class=\"hl-o\">:</span> <span class=\"hl-v\">$(OBJ)</span> | build",
          "\t<span class=\"hl-v\">$(CC)</span> -o <span class=\"hl-v\">$@</span> <span class=\"hl-v\">$^</span>",
          "<span class=\"hl-s\">&quot;built </span><span class=\"hl-v\">$@</span><span class=\"hl-s\"> at </span><span class=\"hl-v\">$$(</span>date<span class=\"hl-v\">)</span>",
          "<span class=\"hl-c\"># done</span>", "<span class=\"hl-k\">for</span> f <span class=\"hl-k\">in</span>", "echo <span class=\"hl-v\">$$f</span>",
          "<span class=\"hl-k\">ifeq</span> (<span class=\"hl-v\">$(DEBUG)</span>,1)", "<span class=\"hl-v\">CFLAGS</span> <span class=\"hl-o\">+=</span> -g",
          "<span class=\"hl-k\">define</span> HELP\nUsage: make <span class=\"hl-v\">$(TARGET)</span>\n<span class=\"hl-k\">endef</span>",
          "<span class=\"hl-f\">clean</span><span class=\"hl-o\">:</span> <span class=\"hl-o\">;</span> rm -f *.o"]),
        ("diff", "diff --git a/p.py b/p.py\nindex 83db48f..bf269f4 100644\n--- a/p.py\n+++ b/p.py\n@@ -1,4 +1,4 @@ def main():\n import sys\n--- old comment\n-print(\"old\")\n+print(\"new\")\n+++ new comment\n\\ No newline at end of file\n",
         ["<span class=\"hl-t\">diff --git a/p.py b/p.py</span>", "<span class=\"hl-t\">index 83db48f..bf269f4 100644</span>", "<span class=\"hl-t\">--- a/p.py</span>",
          "<span class=\"hl-t\">+++ b/p.py</span>", "<span class=\"hl-k\">@@ -1,4 +1,4 @@</span> def main():\n import sys\n",
          "<span class=\"hl-d\">--- old comment</span>", "<span class=\"hl-d\">-print(&quot;old&quot;)</span>", "<span class=\"hl-a\">+print(&quot;new&quot;)</span>",
          "<span class=\"hl-a\">+++ new comment</span>", "<span class=\"hl-c\">\\ No newline at end of file</span>"]),
        ("sql", "-- newest\nSELECT t.id, COUNT(*) AS n, 'it''s' FROM tutorials t\nwhere t.updated >= $1 And t.title ILIKE :pattern /* case */\nLIMIT 10;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nselect x::text from y where z = ? and e = E'a\\'b';\n",
         ["<span class=\"hl-c\">-- newest</span>", "<span class=\"hl-k\">SELECT</span> t.id, <span class=\"hl-f\">COUNT</span>(<span class=\"hl-o\">*</span>) <span class=\"hl-k\">AS</span> n",
          "<span class=\"hl-s\">&#39;it&#39;&#39;s&#39;</span>", "<span class=\"hl-k\">where</span> t.updated <span class=\"hl-o\">&gt;=</span> <span class=\"hl-v\">$1</span> <span class=\"hl-k\">And</span>",
          "<span class=\"hl-v\">:pattern</span> <span class=\"hl-c\">/* case */</span>", "<span class=\"hl-k\">LIMIT</span> <span class=\"hl-n\">10</span>",
          "<span class=\"hl-k\">AS</span> <span class=\"hl-s\">$$ SELECT 1 $$</span> <span class=\"hl-k\">LANGUAGE</span>", "x<span class=\"hl-o\">::</span><span class=\"hl-k\">text</span>",
          "z <span class=\"hl-o\">=</span> <span class=\"hl-v\">?</span>", "<span class=\"hl-s\">E&#39;a\\&#39;b&#39;</span>;"]),
        ("julia", "#= a\n   #= nested =# still =#\nfunction norm2(v::Vector{Float64})\n    s = 0.0  # sum\n    return sqrt(s)\nend\n@time norm2([1.0, 2.5e-3, 1_000])\nprintln(\"n = $(norm2(v))\")\nc = 'a'; x = A'; d = '\\n'\ns = \"\"\"\ntriple $x\n\"\"\"\nr\"^\\d+$\" :symbol `ls -l`\nabstract type Shape end\nz = 2x + 1im\n",
         ["<span class=\"hl-c\">#= a</span>\n<span class=\"hl-c\">   #= nested =# still =#</span>\n",
          "<span class=\"hl-k\">function</span> <span class=\"hl-f\">norm2</span>(v<span class=\"hl-o\">::</span><span class=\"hl-t\">Vector</span>{<span class=\"hl-t\">Float64</span>})",
          "<span class=\"hl-n\">0.0</span>  <span class=\"hl-c\"># sum</span>", "<span class=\"hl-k\">return</span> <span class=\"hl-f\">sqrt</span>(s)",
          "<span class=\"hl-t\">@time</span> <span class=\"hl-f\">norm2</span>([<span class=\"hl-n\">1.0</span>, <span class=\"hl-n\">2.5e-3</span>, <span class=\"hl-n\">1_000</span>])",
          "<span class=\"hl-s\">&quot;n = $(norm2(v))&quot;</span>", "c <span class=\"hl-o\">=</span> <span class=\"hl-s\">&#39;a&#39;</span>",
          "<span class=\"hl-t\">A</span><span class=\"hl-o\">&#39;</span>", "<span class=\"hl-s\">&#39;\\n&#39;</span>",
          "<span class=\"hl-s\">&quot;&quot;&quot;</span>\n<span class=\"hl-s\">triple $x</span>\n<span class=\"hl-s\">&quot;&quot;&quot;</span>",
          "<span class=\"hl-s\">r&quot;^\\d+$&quot;</span> <span class=\"hl-s\">:symbol</span> <span class=\"hl-s\">`ls -l`</span>",
          "<span class=\"hl-k\">abstract</span> <span class=\"hl-k\">type</span> <span class=\"hl-t\">Shape</span> <span class=\"hl-k\">end</span>",
          "<span class=\"hl-n\">2</span>x <span class=\"hl-o\">+</span> <span class=\"hl-n\">1im</span>"]),
        ("fortran", "PROGRAM hello\n  implicit none\n  real(dp) :: x = 1.5_dp, y = 2.0d-3\n  character(len=*), parameter :: s = 'it''s'\n  ! a comment\n  if (x .GT. 1.0 .and. .true.) then\n    call greet(\"world\")  ! inline\n  end if\ncontains\n  subroutine greet(name)\n  end subroutine greet\nend program hello\n",
         ["<span class=\"hl-k\">PROGRAM</span> <span class=\"hl-t\">hello</span>", "<span class=\"hl-k\">implicit</span> <span class=\"hl-k\">none</span>",
          "<span class=\"hl-n\">1.5_dp</span>", "<span class=\"hl-n\">2.0d-3</span>", "<span class=\"hl-s\">&#39;it&#39;&#39;s&#39;</span>", "<span class=\"hl-c\">! a comment</span>",
          "<span class=\"hl-o\">.GT.</span> <span class=\"hl-n\">1.0</span> <span class=\"hl-o\">.and.</span> <span class=\"hl-k\">.true.</span>",
          "<span class=\"hl-k\">call</span> <span class=\"hl-f\">greet</span>(<span class=\"hl-s\">&quot;world&quot;</span>)  <span class=\"hl-c\">! inline</span>",
          "<span class=\"hl-k\">subroutine</span> <span class=\"hl-f\">greet</span>(name)", "<span class=\"hl-k\">end</span> <span class=\"hl-k\">program</span> <span class=\"hl-t\">hello</span>"]),
        ("f", "C     fixed form comment\n*     star comment\n      PROGRAM MAIN\n      X = 1.0E0\n",
         ["<span class=\"hl-c\">C     fixed form comment</span>", "<span class=\"hl-c\">*     star comment</span>", "<span class=\"hl-k\">PROGRAM</span> <span class=\"hl-t\">MAIN</span>",
          "<span class=\"hl-n\">1.0E0</span>"]),
        ("r", "# fit\nf <- function(x, n = 10L) {\n  y <- x %>% filter(!is.na(v)) |> mutate(z = v * 2)\n  if (is.null(y)) NULL else TRUE\n}\ns <- \"multi\nline\"; r\"(C:\\raw)\"; 0x1F; 1e-3; 2i; NA_real_\ndata$col <- NULL; `my var` <- 5; x %in% y\n",
         ["<span class=\"hl-c\"># fit</span>", "<span class=\"hl-f\">f</span> <span class=\"hl-o\">&lt;-</span> <span class=\"hl-k\">function</span>(x, n <span class=\"hl-o\">=</span> <span class=\"hl-n\">10L</span>)",
          "<span class=\"hl-o\">%&gt;%</span> <span class=\"hl-f\">filter</span>(<span class=\"hl-o\">!</span><span class=\"hl-f\">is.na</span>(v)) <span class=\"hl-o\">|&gt;</span>",
          "<span class=\"hl-k\">NULL</span> <span class=\"hl-k\">else</span> <span class=\"hl-k\">TRUE</span>", "<span class=\"hl-s\">&quot;multi</span>\n<span class=\"hl-s\">line&quot;</span>",
          "<span class=\"hl-s\">r&quot;(C:\\raw)&quot;</span>", "<span class=\"hl-n\">0x1F</span>", "<span class=\"hl-n\">1e-3</span>", "<span class=\"hl-n\">2i</span>", "<span class=\"hl-k\">NA_real_</span>",
          "data<span class=\"hl-o\">$</span>col", "`my var` <span class=\"hl-o\">&lt;-</span>", "x <span class=\"hl-o\">%in%</span> y"]),
    ])
    func snippet(language: String, code: String, expected: [String]) throws {
        let html = try #require(SyntaxHighlighter.highlight(code, language: language))
        for fragment in expected {
            #expect(html.contains(fragment), "missing \(fragment) in \(html)")
        }
        #expect(dissect(html).text == code)
    }

    @Test("Strings are not comments and comments are not strings", arguments: [
        ("python", "x = '# not a comment'  # \"not a string\"\n", "<span class=\"hl-c\"># &quot;not a string&quot;</span>"),
        ("bash", "echo \"# not a comment\" '$NOT'\n", "<span class=\"hl-s\">&quot;# not a comment&quot;</span>"),
        ("c", "char *s = \"/* not a comment */\"; // \"x\"\n", "<span class=\"hl-s\">&quot;/* not a comment */&quot;</span>"),
        ("swift", "let s = \"// not a comment\"\n", "<span class=\"hl-s\">&quot;// not a comment&quot;</span>"),
        ("yaml", "key: \"# not a comment\"\n", "<span class=\"hl-s\">&quot;# not a comment&quot;</span>"),
    ])
    func stringsAndComments(language: String, code: String, expected: String) throws {
        let html = try #require(SyntaxHighlighter.highlight(code, language: language))
        #expect(html.contains(expected), "\(html)")
    }

    @Test("Output round-trips to the input and spans are well formed", arguments: canonicalLanguages, trickyInputs)
    func roundTrip(language: String, code: String) throws {
        let html = try #require(SyntaxHighlighter.highlight(code, language: language))
        let dissected = dissect(html)
        #expect(dissected.problems.isEmpty, "\(dissected.problems) in \(html)")
        #expect(dissected.bytes == Array(code.utf8))
    }

    @Test("Markup inside code is escaped", arguments: canonicalLanguages)
    func escaping(language: String) throws {
        let html = try #require(SyntaxHighlighter.highlight("\"<script>alert(1)</script>\" <b> & 'x'", language: language))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("&amp;"))
    }

    @Test("Multi-line tokens are closed and reopened at each line break", arguments: [
        ("python", "\"\"\"one\ntwo\n\nthree\"\"\""),
        ("c", "/* one\r\ntwo */"),
        ("swift", "/* one\n/* two\n*/ */"),
        ("shell", "echo 'one\ntwo'"),
        ("yaml", "k: \"one\n  two\""),
    ])
    func multiLineTokens(language: String, code: String) throws {
        let html = try #require(SyntaxHighlighter.highlight(code, language: language))
        #expect(dissect(html).problems.isEmpty, "\(html)")
        #expect(!html.contains("<span class=\"hl-s\">\n") && !html.contains("<span class=\"hl-c\">\n"))
        #expect(html.components(separatedBy: "<span").count > 2, "one span per line expected in \(html)")
    }

    @Test("Unknown languages give nil", arguments: ["", "rust", "pythonx", "c#", "mermaid", "  ", "julia5", "dockerfiles"])
    func unknownLanguage(language: String) {
        #expect(SyntaxHighlighter.highlight("print(1)", language: language) == nil)
    }

    @Test("Every alias works, in any case, like its canonical name", arguments: [
        ("python", ["py", "python3", "Python", "PY"]),
        ("shell", ["sh", "bash", "zsh", "Shell", "BASH"]),
        ("console", ["shell-session", "Console", "Shell-Session"]),
        ("c", ["C"]),
        ("cpp", ["c++", "cc", "cxx", "h", "hpp", "C++", "CPP"]),
        ("yaml", ["yml", "YAML", "Yml"]),
        ("json", ["jsonc", "JSON"]),
        ("swift", ["Swift", " swift "]),
        ("toml", ["TOML"]),
        ("ini", ["INI"]),
        ("dockerfile", ["docker", "Dockerfile", "containerfile"]),
        ("cmake", ["CMake", "CMAKE"]),
        ("makefile", ["make", "mk", "Makefile", "mak"]),
        ("diff", ["patch", "udiff", "Diff"]),
        ("sql", ["postgresql", "postgres", "mysql", "sqlite", "SQL", "psql"]),
        ("julia", ["jl", "Julia"]),
        ("fortran", ["f90", "f95", "f03", "f08", "Fortran", "F90"]),
        ("f", ["f77", "for", "F"]),
        ("r", ["R", "rscript"]),
        ("text", ["txt", "plaintext", "plain", "none", "log", "Text", "nohighlight"]),
    ])
    func aliases(canonical: String, aliases: [String]) throws {
        let code = "# x = \"y\" // 1 $z\nif x: return 'a' -- 2\n"
        let expected = try #require(SyntaxHighlighter.highlight(code, language: canonical))
        for alias in aliases {
            #expect(SyntaxHighlighter.highlight(code, language: alias) == expected, "\(alias)")
            let lowered = alias.lowercased().trimmingSpaces()
            #expect(SyntaxHighlighter.languages.contains(lowered), "\(lowered)")
        }
    }

    @Test("The language list is lower-case and complete")
    func languageList() {
        for name in SyntaxHighlighter.languages {
            #expect(name == name.lowercased())
            #expect(SyntaxHighlighter.highlight("", language: name) != nil)
        }
        for name in ["python", "py", "python3", "sh", "bash", "zsh", "shell", "console", "shell-session", "c", "cpp",
                     "c++", "cc", "cxx", "h", "hpp", "yaml", "yml", "json", "jsonc", "swift", "toml", "ini",
                     "dockerfile", "docker", "cmake", "makefile", "make", "mk", "diff", "patch", "sql", "postgresql", "mysql",
                     "sqlite", "julia", "jl", "fortran", "f90", "f95", "f03", "f08", "f", "r", "output", "text", "txt",
                     "plaintext", "plain", "none", "log"] {
            #expect(SyntaxHighlighter.languages.contains(name), "\(name)")
        }
    }

    @Test("Text, output and their aliases are known languages, escaped with no spans", arguments: ["text", "txt", "plaintext", "plain", "none", "log", "output", "error"])
    func plainLanguages(language: String) throws {
        let html = try #require(SyntaxHighlighter.highlight("x = \"<b>\" # & 'y'\n", language: language))
        #expect(html == "x = &quot;&lt;b&gt;&quot; # &amp; &#39;y&#39;\n")
        #expect(SyntaxHighlighter.usualName(of: language) == (language == "output" || language == "error" ? language : "text"))
    }

    @Test("Each language is named by its usual name", arguments: [
        ("docker", "dockerfile"), ("mk", "makefile"), ("patch", "diff"), ("postgresql", "sql"), ("jl", "julia"), ("f90", "fortran"),
        ("f", "fortran"), ("R", "r"), ("CMake", "cmake"),
    ])
    func usualNames(alias: String, name: String) {
        #expect(SyntaxHighlighter.usualName(of: alias) == name)
    }

    @Test("Julia counts nested #= =# comments, and a lone =# or unclosed #= is no trouble", arguments: [
        ("#= a #= b =# c =# x", "<span class=\"hl-c\">#= a #= b =# c =#</span> x"),
        ("#==# y", "<span class=\"hl-c\">#==#</span> y"),
        ("x =# y", "x <span class=\"hl-o\">=</span><span class=\"hl-c\"># y</span>"),
        ("#= #= =# open", "<span class=\"hl-c\">#= #= =# open</span>"),
    ])
    func juliaNestedComments(code: String, expected: String) throws {
        #expect(try #require(SyntaxHighlighter.highlight(code, language: "julia")) == expected)
    }

    @Test("In a diff, lines are counted from the hunk header: a deleted `--- x` is a deletion, and after the hunk it is a header")
    func diffHunkCounts() throws {
        let code = "@@ -1,2 +1,1 @@\n--- x\n context\n--- a/next\n+++ b/next\n"
        let html = try #require(SyntaxHighlighter.highlight(code, language: "diff"))
        #expect(html.contains("<span class=\"hl-d\">--- x</span>"), "\(html)")
        #expect(html.contains("<span class=\"hl-t\">--- a/next</span>\n<span class=\"hl-t\">+++ b/next</span>"), "\(html)")
        // Without a hunk header, a line's first character tells it; the older `<` `>` format too.
        let older = try #require(SyntaxHighlighter.highlight("< old\n> new\n", language: "diff"))
        #expect(older == "<span class=\"hl-d\">&lt; old</span>\n<span class=\"hl-a\">&gt; new</span>\n")
    }

    @Test("SQL keywords are found in any case, and a doubled quote stays inside its string")
    func sqlCase() throws {
        let html = try #require(SyntaxHighlighter.highlight("sElEcT 'a''b -- no' -- yes\n", language: "sql"))
        #expect(html == "<span class=\"hl-k\">sElEcT</span> <span class=\"hl-s\">&#39;a&#39;&#39;b -- no&#39;</span> <span class=\"hl-c\">-- yes</span>\n")
    }

    @Test("A Makefile's tab-led lines are recipes only after a rule")
    func makefileRecipes() throws {
        let html = try #require(SyntaxHighlighter.highlight("X = 1\n\tY = $(X)\nall:\n\tif [ 1 ]; then echo; fi\n", language: "makefile"))
        #expect(html.contains("\t<span class=\"hl-v\">Y</span> <span class=\"hl-o\">=</span> <span class=\"hl-v\">$(X)</span>"), "\(html)")
        #expect(html.contains("\t<span class=\"hl-k\">if</span> [ 1 ]<span class=\"hl-o\">;</span> <span class=\"hl-k\">then</span>"), "\(html)")
    }

    /// Shapes that could make a scanner rescan what it read: openers never closed, runs of delimiters.
    private static let pathologicalShapes = ["#=", "=#", "\"", "'", "`", "$(", "${", "$$", "$a$", "#[[", "[=[", "]=", "r\"(", "r\"-", "%",
                                             "@@ -1,1 +1,1 @@\n", "-", "\\\n", "RUN <<E\n", ".", "::", ":a", "@", "E'", "/*", "--", "\t$(\n", "a:\n\t$(", "!"]

    @Test("100,000 repeats of openers and delimiters give the input back", arguments: ["dockerfile", "cmake", "makefile", "diff", "sql", "julia", "fortran", "f", "r"])
    func pathologicalShapes(language: String) throws {
        for shape in Self.pathologicalShapes {
            let code = String(repeating: shape, count: TestScale.of(100_000) / shape.utf8.count)
            let html = try #require(SyntaxHighlighter.highlight(code, language: language))
            let dissected = dissect(html)
            #expect(dissected.problems.isEmpty, "\(language), \(shape): \(dissected.problems.prefix(3))")
            #expect(dissected.bytes == Array(code.utf8), "\(language), \(shape)")
        }
    }

    @Test("A megabyte of quotes or backslashes, or 256 KB of mixed code, finishes", .tags(.slow), .skippedWhenAsked, arguments: canonicalLanguages, ["\"", "\\", "mixed"])
    func megabyte(language: String, kind: String) throws {
        let size = TestScale.of(kind == "mixed" ? 1 << 18 : 1 << 20)
        var code = ""
        if kind == "mixed" {
            let pieces = ["x = \"a\\\"b\" ", "# c\n", "/* d */ ", "$(e) ", "'f' ", "{\"g\": [1, true]}\n", "- h: |\n  i\n", "\u{00E9}"]
            var index = 0
            while code.utf8.count < size {
                code += pieces[index % pieces.count]
                index += 1
            }
        } else {
            code = String(repeating: kind, count: size)
        }
        let html = try #require(SyntaxHighlighter.highlight(code, language: language))
        #expect(html.utf8.count >= code.utf8.count)
        if kind == "mixed" {
            #expect(dissect(html).bytes == Array(code.utf8))
        }
    }

    @Test("Long runs of openers finish", .tags(.slow), .skippedWhenAsked, arguments: canonicalLanguages)
    func longRuns(language: String) throws {
        let patterns = ["'", "/*", "\"\"\"", "$(", "${", "`", "#", "{[", "(", "\\\"", "\n", "<<E\n", "- ", "R\"(", "#\"\\(", "\"\\(("]
        for pattern in patterns {
            let code = String(repeating: pattern, count: TestScale.of(1 << 16) / pattern.utf8.count)
            let html = try #require(SyntaxHighlighter.highlight(code, language: language))
            #expect(html.utf8.count >= code.utf8.count)
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var result = Substring(self)
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}
