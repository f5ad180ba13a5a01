; raise ConfigError("unreadable") from error    raise KeyError(key) from None
(raise_statement
  cause: (_)) @occurrence
