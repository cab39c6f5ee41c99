// Deliberately empty: kaleido loads MathJax from a CDN unless pointed at a local file, and
// the app uses no LaTeX. See dashboard/exports/render.py.
