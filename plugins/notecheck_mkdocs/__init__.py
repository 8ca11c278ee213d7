"""notecheck for MkDocs: check every page's matrix calculus as the site builds.

In `mkdocs.yml`, with pymdownx.arithmatex (generic) and MathJax or KaTeX as usual::

    plugins:
      - search
      - notecheck:
          strict: true        # error findings fail `mkdocs build` (default false)

Registered in MkDocs' `mkdocs.plugins` entry-point group as `notecheck`
(`notecheck_mkdocs.plugin:NotecheckPlugin`); installed with notecheck's `mkdocs` extra
(`pip install '.[mkdocs]'`).
"""
