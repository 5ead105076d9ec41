/// A problem in a `.bib` file (ids `bibtex.…`); a warning keeps its entry, an error leaves it out.
typealias BibTeXProblem = FileProblem
