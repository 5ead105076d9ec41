import Foundation
@testable import PortalCore
@testable import PortalMarkdown
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A resolver that changes nothing.
private struct UnchangedVideoLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String, embeds: Set<VideoHost> = []) -> RenderedMarkdown {
    var options = MarkdownOptions(rendersMarkdown: true)
    options.videoEmbeds = embeds
    var resolver = UnchangedVideoLinks()
    return MarkdownRenderer(options: options).render(source, resolver: &resolver)
}

private func buildWithShippedTheme(_ site: TestSite) -> BuildReport {
    var options = site.options()
    options.templatesDirectory = packageRoot.appendingPathComponent("templates")
    return SiteBuilder(options: options).run()
}

/// The directives of the page's Content-Security-Policy, each with its sources in order.
private func contentSecurityPolicy(of html: String) throws -> [String: [String]] {
    let policy = try #require(html.range(of: "<meta http-equiv=\"Content-Security-Policy\" content=\"").map { html[$0.upperBound...].prefix { $0 != "\"" } })
    return Dictionary(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init) }
        .map { ($0[0], Array($0.dropFirst())) }, uniquingKeysWith: { first, _ in first })
}

/// Every value of an attribute that makes the browser fetch something (`src`, `srcset`, `poster`, `data`).
private func fetchedAddresses(in html: String) -> [String] {
    var found: [String] = []
    for attribute in [" src=\"", " srcset=\"", " poster=\"", " data=\""] {
        var rest = Substring(html)
        while let start = rest.range(of: attribute) {
            let value = rest[start.upperBound...].prefix { $0 != "\"" }
            found.append(String(value))
            rest = rest[value.endIndex...]
        }
    }
    return found
}

/// A site with one page holding `body`, and `video` in its settings.
private func videoSite(body: String, video: String = "") throws -> TestSite {
    try TestSite(["content/pages/talks.md": "---\ntitle: Talks\n---\n\n" + body], settings: TestSite.defaultSettings + video)
}

@Suite("Video blocks")
struct VideoBlockTests {
    @Test("By default a video is a card linking to it on its host, with the host in words, and loads nothing from the host", arguments: [
        ("https://www.youtube.com/watch?v=aBcDeFgHiJk", "video-youtube", "Watch on YouTube"),
        ("https://youtu.be/aBcDeFgHiJk?t=90", "video-youtube", "Watch on YouTube from 1:30"),
        ("https://vimeo.com/76979871", "video-vimeo", "Watch on Vimeo"),
        ("https://videos.cern.ch/record/2298073", "video-cern", "Watch on CERN Videos"),
        ("https://indico.cern.ch/event/1234/", "video-link", "Watch on indico.cern.ch"),
        ("https://www.example.org/talk.mp4", "video-link", "Watch on example.org"),
    ] as [(String, String, String)])
    func linkOutCard(address: String, hostClass: String, watch: String) throws {
        let rendered = render("::: video \(address) \"Jets <and> graphs\"\nSlides are on Indico.\n:::\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        let href = address.replacingOccurrences(of: "&", with: "&amp;")
        #expect(html.contains("<figure class=\"video \(hostClass)\" id=\"jets-and-graphs\">\n<a class=\"video-card\" href=\"\(href)\">"
            + "<span class=\"video-play\" aria-hidden=\"true\"></span> <span class=\"video-title\">Jets &lt;and&gt; graphs</span> "
            + "<span class=\"video-watch\">\(watch)</span></a>\n<figcaption class=\"video-caption\">\n<p>Slides are on Indico.</p>\n</figcaption>\n</figure>"), "\(html)")
        // Nothing the browser would fetch: no frame, no thumbnail.
        #expect(!html.contains("<iframe") && !html.contains("<img"), "\(html)")
        #expect(fetchedAddresses(in: html).isEmpty, "\(html)")
        #expect(rendered.anchors == ["jets-and-graphs"])
    }

    @Test("A host site.yml allows shows its player, on its privacy-friendly host, with the link kept below", arguments: [
        ("https://www.youtube.com/watch?v=aBcDeFgHiJk&t=1m30s", VideoHost.youtube, "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?start=90", "Watch on YouTube from 1:30"),
        ("https://youtu.be/aBcDeFgHiJk", .youtube, "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk", "Watch on YouTube"),
        ("https://www.youtube.com/embed/aBcDeFgHiJk?start=42", .youtube, "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?start=42", "Watch on YouTube from 0:42"),
        ("https://www.youtube-nocookie.com/embed/aBcDeFgHiJk", .youtube, "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk", "Watch on YouTube"),
        ("https://vimeo.com/76979871#t=1h2m3s", .vimeo, "https://player.vimeo.com/video/76979871?dnt=1#t=3723s", "Watch on Vimeo from 1:02:03"),
        ("https://vimeo.com/76979871/a1b2c3d4e5", .vimeo, "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&amp;dnt=1", "Watch on Vimeo"),
        ("https://player.vimeo.com/video/76979871", .vimeo, "https://player.vimeo.com/video/76979871?dnt=1", "Watch on Vimeo"),
        ("https://videos.cern.ch/video/OPEN-VIDEO-2021-119-003", .cern, "https://videos.cern.ch/video/OPEN-VIDEO-2021-119-003", "Watch on CERN Videos"),
    ] as [(String, VideoHost, String, String)])
    func embeddedPlayer(address: String, host: VideoHost, player: String, watch: String) throws {
        let source = "::: video \(address) \"Jet tagging talk\"\nRecorded at the workshop.\n:::\n"
        let rendered = render(source, embeds: [host])
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        let href = address.replacingOccurrences(of: "&", with: "&amp;")
        #expect(html.contains("<figure class=\"video video-\(host.rawValue) video-embedded\" id=\"jet-tagging-talk\">\n<div class=\"video-frame\">"
            + "<iframe src=\"\(player)\" title=\"Jet tagging talk\" loading=\"lazy\" allow=\"encrypted-media; picture-in-picture\" "
            + "referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe></div>\n<figcaption class=\"video-caption\">\n"
            + "<p class=\"video-title\">Jet tagging talk</p>\n<p>Recorded at the workshop.</p>\n"
            + "<p class=\"video-source\"><a href=\"\(href)\">\(watch)</a></p>\n</figcaption>\n</figure>"), "\(html)")
        #expect(fetchedAddresses(in: html) == [player], "\(html)")
        #expect(!html.contains("style="))
        // Another host's permission does not let this one in.
        let others = Set(VideoHost.allCases).subtracting([host])
        let card = render(source, embeds: others).html
        #expect(!card.contains("<iframe") && card.contains("<a class=\"video-card\" href=\"\(href)\">"), "\(card)")
    }

    @Test("An address the player cannot take stays a card even where its host is allowed", arguments: [
        "https://videos.cern.ch/record/2298073",
        "https://www.youtube.com/playlist?list=PL0123456789",
        "https://www.youtube.com/embed/videoseries?list=PL0123456789",
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/channels/staffpicks",
    ])
    func notEmbeddable(address: String) {
        let rendered = render("::: video \(address)\n:::\n", embeds: Set(VideoHost.allCases))
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(!rendered.html.contains("<iframe") && rendered.html.contains("<a class=\"video-card\""), "\(rendered.html)")
    }

    @Test("Start times read as YouTube and Vimeo write them", arguments: [
        ("90", 90), ("90s", 90), ("1m30s", 90), ("1h2m3s", 3723), ("2m", 120), ("0", nil), ("1m30", nil), ("30s1m", nil), ("abc", nil), ("", nil),
    ] as [(String, Int?)])
    func startTimes(text: String, seconds: Int?) {
        #expect(VideoAddress.seconds(text) == seconds)
    }

    @Test("The one-line form, a title from the caption's heading, and no title at all")
    func forms() throws {
        let oneLine = render("Before.\n\n::: video https://vimeo.com/76979871\n:::\n\nAfter.\n")
        #expect(oneLine.problems.isEmpty, "\(oneLine.problems)")
        #expect(oneLine.html.contains("<figure class=\"video video-vimeo\" id=\"video\">\n<a class=\"video-card\" href=\"https://vimeo.com/76979871\">"
            + "<span class=\"video-play\" aria-hidden=\"true\"></span> <span class=\"video-watch\">Watch on Vimeo</span></a>"), "\(oneLine.html)")
        #expect(oneLine.html.contains("<p>After.</p>"))

        let heading = render("::: video https://vimeo.com/76979871\n## Graph networks for jets\n\nA 40-minute talk.\n:::\n")
        #expect(heading.problems.isEmpty, "\(heading.problems)")
        // The heading stays the caption's head; the card holds its text for screen readers.
        #expect(heading.html.contains("<figure class=\"video video-vimeo\" id=\"graph-networks-for-jets\">"), "\(heading.html)")
        #expect(heading.html.contains("<span class=\"video-title visually-hidden\">Graph networks for jets</span>"), "\(heading.html)")
        #expect(heading.html.contains("<div class=\"video-head\">\n<h2>Graph networks for jets</h2>\n</div>"), "\(heading.html)")
        #expect(heading.headings.isEmpty)

        let embedded = render("::: video https://vimeo.com/76979871\n:::\n", embeds: [.vimeo])
        #expect(embedded.html.contains("title=\"Video on Vimeo\""), "\(embedded.html)")
        #expect(embedded.html.contains("<p class=\"video-source\"><a href=\"https://vimeo.com/76979871\">Watch on Vimeo</a></p>"), "\(embedded.html)")

        let myst = render(":::{video} https://youtu.be/aBcDeFgHiJk Intro <to> jets {#intro}\n:::\n")
        #expect(myst.problems.isEmpty, "\(myst.problems)")
        #expect(myst.html.contains("id=\"intro\"") && myst.html.contains("<span class=\"video-title\">Intro &lt;to&gt; jets</span>"), "\(myst.html)")
    }

    @Test("The Markdown twin keeps the author's ::: video lines")
    func twinKeepsSyntax() {
        let source = "Intro.\n\n::: video https://www.youtube.com/watch?v=aBcDeFgHiJk \"Jets\"\nThe talk.\n:::\n"
        #expect(render(source).markdown == source)
        #expect(render(source, embeds: [.youtube]).markdown == source)
    }

    @Test("A video block without a usable address is an error at its line and column, with the fix", arguments: [
        ("Text.\n\n::: video\nCaption.\n:::", "video.missing-url", 3, 5, "this video block names no video", "::: video https://"),
        ("::: video \"Only a title\"\n:::", "video.missing-url", 1, 5, "this video block names no video", "after the name"),
        ("::: video http://www.youtube.com/watch?v=aBcDeFgHiJk\n:::", "video.bad-url", 1, 11, "the video address starts with http://", "write https://www.youtube.com/watch?v=aBcDeFgHiJk"),
        ("Intro.\n\n  ::: video javascript:alert(1)\n:::", "video.unsafe-url", 3, 13, "the video address is a 'javascript:' address", "https://"),
        ("::: video data:text/html,x\n:::", "video.unsafe-url", 1, 11, "the video address is a 'data:' address", "https://"),
        ("::: video youtube.com/watch?v=aBcDeFgHiJk\n:::", "video.bad-url", 1, 11, "youtube.com/watch?v=aBcDeFgHiJk is not a web address", "starting with https://"),
        ("::: video ftp://example.org/talk.mp4\n:::", "video.bad-url", 1, 11, "the video address is a 'ftp:' address", "https://"),
        ("::: video https:///watch\n:::", "video.bad-url", 1, 11, "the video address https:///watch names no site", "https://"),
        ("::: vidoe https://youtu.be/aBcDeFgHiJk\n:::", "block.unknown", 1, 5, "there is no block called vidoe", "did you mean video?"),
    ] as [(String, String, Int, Int, String, String)])
    func addressErrors(source: String, kind: String, line: Int, column: Int, message: String, fix: String) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == kind }, "\(rendered.problems)")
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(problem.fix.contains(fix), "\(problem.fix)")
        #expect(!problem.isWarning)
        #expect(!rendered.html.contains("javascript:") && !rendered.html.contains("<iframe"), "\(rendered.html)")
    }

    @Test("In a site, a bad address stops the build at the page's line and column")
    func siteError() throws {
        let site = try videoSite(body: "Talks.\n\n::: video http://vimeo.com/76979871\n:::\n")
        defer { site.cleanUp() }
        let report = site.build()
        let problem = try #require(report.only("video.bad-url"), "\(report.summary)")
        #expect((problem.file, problem.line, problem.column) == ("content/pages/talks.md", 7, 11), "\(problem)")
        #expect(report.hasErrors)
    }

    @Test("site.yml's video hosts are checked where they are written, with the closest name")
    func settingsErrors() throws {
        let settingsLines = TestSite.defaultSettings.filter { $0 == "\n" }.count
        let site = try videoSite(body: "Talks.\n", video: "video:\n  embed: [youtube, vimeoo, Cern]\n  embedd: [cern]\n")
        defer { site.cleanUp() }
        let report = site.build()
        let host = try #require(report.only("settings.unknown-video-host"), "\(report.summary)")
        #expect((host.file, host.line, host.column) == ("content/site.yml", settingsLines + 2, 20), "\(host)")
        #expect(host.message == "'vimeoo' is not a video host portal can embed")
        #expect(host.fix == "did you mean 'vimeo'?")
        let key = try #require(report.only("frontmatter.unknown-key"), "\(report.summary)")
        #expect((key.line, key.column, key.fix) == (settingsLines + 3, 3, "did you mean 'embed'?"), "\(key)")

        try site.write(TestSite.defaultSettings + "video: youtube\n", to: "content/site.yml")
        let scalar = site.build()
        let bad = try #require(scalar.only("frontmatter.bad-value"), "\(scalar.summary)")
        #expect((bad.line, bad.column) == (settingsLines + 1, 1), "\(bad)")
        #expect(bad.fix == "write it as 'video: {embed: [youtube]}'")

        try site.write(TestSite.defaultSettings + "video:\n  embed: [YouTube, cern, youtube]\n", to: "content/site.yml")
        let fine = site.build()
        #expect(!fine.hasErrors, "\(fine.summary)")
    }

    @Test("The shipped theme's frame-src allows exactly the players site.yml allows, and only 'self' without them")
    func contentSecurityPolicyFrames() throws {
        let body = "::: video https://www.youtube.com/watch?v=aBcDeFgHiJk \"Jets\"\n:::\n"
        let site = try videoSite(body: body)
        defer { site.cleanUp() }
        #expect(!buildWithShippedTheme(site).hasErrors)
        for path in ["index.html", "talks/index.html", "404.html"] {
            let policy = try contentSecurityPolicy(of: try site.read(path))
            #expect(policy["frame-src"] == ["'self'"], "\(path): \(policy)")
            #expect(policy["default-src"] == ["'self'"] && policy["script-src"] == ["'self'"])
        }

        try site.write(TestSite.defaultSettings + "video:\n  embed: [vimeo, youtube]\n", to: "content/site.yml")
        #expect(!buildWithShippedTheme(site).hasErrors)
        for path in ["index.html", "talks/index.html", "404.html"] {
            let policy = try contentSecurityPolicy(of: try site.read(path))
            #expect(policy["frame-src"] == ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"], "\(path): \(policy)")
        }
    }

    @Test("A page with a video asks no third party for anything: the link's address is the only one, and the player's only where allowed")
    func noThirdPartyRequests() throws {
        let body = "::: video https://www.youtube.com/watch?v=aBcDeFgHiJk \"Jets\"\nThe talk.\n:::\n"
        let site = try videoSite(body: body)
        defer { site.cleanUp() }
        #expect(!buildWithShippedTheme(site).hasErrors)
        let page = try site.read("talks/index.html")
        #expect(page.components(separatedBy: "youtube.com").count - 1 == 1, "\(page)")
        #expect(page.contains("href=\"https://www.youtube.com/watch?v=aBcDeFgHiJk\""))
        #expect(!page.contains("ytimg") && !page.contains("youtube-nocookie") && !page.contains("<iframe"))
        #expect(fetchedAddresses(in: page).allSatisfy { !$0.contains("://") && !$0.hasPrefix("//") }, "\(fetchedAddresses(in: page))")

        try site.write(TestSite.defaultSettings + "video:\n  embed: [youtube]\n", to: "content/site.yml")
        #expect(!buildWithShippedTheme(site).hasErrors)
        let embedded = try site.read("talks/index.html")
        #expect(fetchedAddresses(in: embedded).filter { $0.contains("://") || $0.hasPrefix("//") } == ["https://www.youtube-nocookie.com/embed/aBcDeFgHiJk"])
        #expect(!embedded.contains("ytimg"))
    }

    @Test("The Markdown stage renders bodies again when the allowed hosts change")
    func optionsKey() {
        let none = MarkdownStage(allowsRawHTML: false, themeIDs: [])
        let youtube = MarkdownStage(allowsRawHTML: false, themeIDs: [], videoEmbeds: [.youtube])
        let both = MarkdownStage(allowsRawHTML: false, themeIDs: [], videoEmbeds: [.youtube, .vimeo])
        #expect(none.optionsKey != youtube.optionsKey)
        #expect(youtube.optionsKey != both.optionsKey)
        #expect(both.optionsKey == MarkdownStage(allowsRawHTML: false, themeIDs: [], videoEmbeds: [.vimeo, .youtube]).optionsKey)
    }
}
