import Foundation

/// Writes a notebook's output images beside its page, when the site is written.
///
/// The images' bytes are not held from reading to writing (a site's notebooks may carry hundreds
/// of megabytes of plots): the notebook is read again here, one at a time, and each image decoded
/// from where the page says it is. An image whose bytes no longer give its name was changed in the
/// meantime, and is not written.
enum NotebookImageWriter {
    static func write(_ images: [NotebookImage], from notebook: URL, display: String, to directory: String, writer: SiteWriter) -> (count: Int, diagnostics: [Diagnostic]) {
        // An image's name is its bytes' hash: one already in the folder (the preview's, or the last
        // build's output reused as the staging folder) is this image, and is not decoded again.
        let missing = images.filter { writer.startsEmpty || !FileManager.default.fileExists(atPath: writer.staging.path + "/" + directory + $0.name) }
        guard !missing.isEmpty else { return (0, []) }
        guard case .success(let data) = TextFile.readBytes(notebook.path, limit: TextFile.maximumNotebookBytes),
              let read = NotebookReader.read([UInt8](data)).notebook else {
            return (0, [changed(display)])
        }
        var written = 0
        var seen: Set<String> = []
        for image in missing where seen.insert(image.name).inserted {
            guard let entry = entry(of: image, in: read) else { return (written, [changed(display)]) }
            guard case .success(let decoded) = NotebookOutputRenderer.imageBytes(entry),
                  image.name.hasPrefix("output-\(NotebookOutputRenderer.hash(decoded.bytes)).") else { return (written, [changed(display)]) }
            do {
                try writer.write(bytes: decoded.bytes, to: directory + image.name)
                written += 1
            } catch {
                return (written, [Diagnostic(.error, "output.write-failed", "cannot write \(directory + image.name): \(error.localizedDescription)", file: display)])
            }
        }
        return (written, [])
    }

    /// The data of `image` in `notebook`: an output's, or an attachment's of a markdown cell.
    private static func entry(of image: NotebookImage, in notebook: Notebook) -> MIMEBundle.Entry? {
        guard image.cell < notebook.cells.count else { return nil }
        let cell = notebook.cells[image.cell]
        if let name = image.attachment {
            return cell.attachments.first { $0.name == name }?.bundle[image.type]
        }
        guard image.output < cell.outputs.count else { return nil }
        switch cell.outputs[image.output].kind {
        case .displayData(let bundle), .executeResult(let bundle, _): return bundle[image.type]
        default: return nil
        }
    }

    private static func changed(_ display: String) -> Diagnostic {
        Diagnostic(.error, "output.notebook-changed", "the notebook changed while the site was built, so its images were not written", file: display,
                   fix: "build again once the notebook is saved")
    }
}
