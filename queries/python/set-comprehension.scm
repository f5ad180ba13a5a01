; {word.lower() for word in words}
(set_comprehension) @occurrence
