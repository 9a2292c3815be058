"""The close-out report and the project page drawn for people: a chart PNG, HTML, Markdown, PDF."""
