"""Formulas typeset to MathML that Chromium renders as the note meant."""

from notecheck.publish import typeset


def test_bold_vectors_use_mathematical_bold_letters():
    # Chromium ignores mathvariant="bold": the letters themselves must be bold
    html = typeset(r"\boldsymbol{x}^T \mathbf{A} \pmb c \mathbb{R}", False)
    assert "𝒙" in html and "𝐀" in html and "𝐜" in html and "ℝ" in html
    assert 'mathvariant="bold' not in html


def test_alignment_environments_become_tables_and_labels_disappear():
    html = typeset(r"\begin{aligned} f &= a^T X b \label{eq:f} \\ df &= a^T dX b \end{aligned}", True)
    shown, source = html.split("<annotation", 1)
    assert shown.count("<mtr>") == 2 and "&amp;" not in shown and "label" not in shown
    assert "\\label{eq:f}" in source, "the source LaTeX stays available to copy and screen readers"


def test_unbalanced_or_unknown_input_falls_back_to_source():
    assert typeset(r"\frac{a", False) == '<code class="nc-tex-error nc-inline" title="could not typeset">\\frac{a</code>'
    assert typeset("", True).startswith('<code class="nc-tex-error nc-display"')
    assert "<math" in typeset(r"\{ x \}", False), "escaped braces are balanced"
