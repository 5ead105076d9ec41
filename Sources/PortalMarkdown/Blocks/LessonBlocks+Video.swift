/// Video blocks: `::: video https://… "Title"`, an optional caption, `:::`.
///
/// By default a video block is a card that links to the video on its host and loads nothing from
/// it (no player, no thumbnail: a reader's browser asks the host for nothing until the reader
/// follows the link). For a host `site.yml` lists (`video: {embed: [youtube]}`), the block shows
/// the host's player in a frame, with the link below it.
extension LessonBlocks {
    /// Reads a video block's address: a problem when there is none (at the name) or when it is
    /// not a safe `https://` address (at the address); otherwise `opening.video` holds it.
    static func readAddress(of opening: inout Opening, line: Int) -> MarkdownProblem? {
        guard let written = opening.address, !written.isEmpty else {
            return MarkdownProblem(kind: "video.missing-url", line: line, column: opening.column,
                                   message: "this video block names no video",
                                   fix: "write the video's address after the name: ::: video https://www.youtube.com/watch?v=…")
        }
        switch VideoAddress.read(written) {
        case .success(let address):
            opening.video = address
            return nil
        case .failure(let problem):
            return MarkdownProblem(kind: problem.kind, line: line, column: opening.addressColumn, message: problem.message, fix: problem.fix)
        }
    }

    /// The markup of the block `opening` opens: a video's figure, a tab set or item, or a lesson block's box.
    static func markup(opening: Opening, id: String, title: String?, headingTitle: Bool, options: MarkdownOptions) -> Markup {
        if opening.kind?.isTab == true { return tabMarkup(opening: opening, id: id, title: title) }
        guard opening.kind == .video else {
            return markup(kind: opening.kind, name: opening.name, id: id, title: title, headingTitle: headingTitle)
        }
        return videoMarkup(opening.video, id: id, title: title, headingTitle: headingTitle, embeds: options.videoEmbeds)
    }

    /// A video's figure: its card, or the player of a host in `embeds`; the block's content is
    /// its caption.
    ///
    /// The card is one link, whose text holds the title and the host in words ("Watch on YouTube
    /// from 1:30"); with a player, the frame is titled by the title and the link follows the
    /// caption. A title taken from the caption's first heading stays there: the card then holds
    /// it for screen readers only.
    static func videoMarkup(_ address: VideoAddress?, id: String, title: String?, headingTitle: Bool, embeds: Set<VideoHost>) -> Markup {
        let escapedTitle = title.map(MarkdownRenderer.escapedHTML)
        let headOpen = "<div class=\"video-head\">"
        let headClose = "</div>\n"
        let captionClose = "</figcaption>\n</figure>\n"
        guard let address else {
            // The address is wrong, and reported: the caption is kept.
            return Markup(open: "<figure class=\"video\" id=\"\(id)\">\n<figcaption class=\"video-caption\">\n", close: captionClose,
                          headOpen: headOpen, headClose: headClose)
        }
        let href = MarkdownRenderer.escapedHTML(address.written)
        let hostClass = "video-\(address.host?.rawValue ?? "link")"
        let watch = "Watch on \(MarkdownRenderer.escapedHTML(address.siteName))" + (address.start.map { " from \(VideoAddress.clock($0))" } ?? "")
        if let host = address.host, let player = address.player, embeds.contains(host) {
            var open = "<figure class=\"video \(hostClass) video-embedded\" id=\"\(id)\">\n"
            open += "<div class=\"video-frame\"><iframe src=\"\(MarkdownRenderer.escapedHTML(player))\" title=\"\(escapedTitle ?? "Video on \(host.name)")\""
                + " loading=\"lazy\" allow=\"encrypted-media; picture-in-picture\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe></div>\n"
            open += "<figcaption class=\"video-caption\">\n"
            if !headingTitle, let escapedTitle { open += "<p class=\"video-title\">\(escapedTitle)</p>\n" }
            return Markup(open: open, close: "<p class=\"video-source\"><a href=\"\(href)\">\(watch)</a></p>\n" + captionClose,
                          headOpen: headOpen, headClose: headClose)
        }
        var open = "<figure class=\"video \(hostClass)\" id=\"\(id)\">\n<a class=\"video-card\" href=\"\(href)\"><span class=\"video-play\" aria-hidden=\"true\"></span> "
        if let escapedTitle { open += "<span class=\"video-title\(headingTitle ? " visually-hidden" : "")\">\(escapedTitle)</span> " }
        open += "<span class=\"video-watch\">\(watch)</span></a>\n<figcaption class=\"video-caption\">\n"
        return Markup(open: open, close: captionClose, headOpen: headOpen, headClose: headClose)
    }
}
