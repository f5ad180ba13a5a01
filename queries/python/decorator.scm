; @functools.cache    @app.route("/")
(decorator) @occurrence
