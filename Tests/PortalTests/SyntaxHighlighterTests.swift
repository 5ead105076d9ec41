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

private let knownClasses: Set<String> = ["k", "s", "c", "n", "f", "t", "v", "p", "o"]

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
private let canonicalLanguages = ["python", "shell", "console", "c", "cpp", "swift", "yaml", "json", "toml", "ini"]

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

    @Test("Unknown languages give nil", arguments: ["", "text", "plaintext", "rust", "pythonx", "c#", "mermaid", "  "])
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
                     "c++", "cc", "cxx", "h", "hpp", "yaml", "yml", "json", "jsonc", "swift", "toml", "ini"] {
            #expect(SyntaxHighlighter.languages.contains(name), "\(name)")
        }
    }

    @Test("A megabyte of quotes or backslashes, or 256 KB of mixed code, finishes", .tags(.slow), .skippedWhenAsked, arguments: canonicalLanguages, ["\"", "\\", "mixed"])
    func megabyte(language: String, kind: String) throws {
        let size = kind == "mixed" ? 1 << 18 : 1 << 20
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
            let code = String(repeating: pattern, count: (1 << 16) / pattern.utf8.count)
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
