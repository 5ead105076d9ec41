/// A problem in a notebook file (ids `notebook.…`); the page is built anyway when it is a warning.
typealias NotebookProblem = FileProblem
