; {name: len(name) for name in names}
(dictionary_comprehension) @occurrence
