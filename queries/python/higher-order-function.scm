; sorted(words, key=len)    max(items, key=lambda item: item.price)
(call
  function: (_) @occurrence
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_keyword))
  (#eq? @_keyword "key"))
