; {1, 2, 3}
(set) @occurrence

; {word.lower() for word in words}
(set_comprehension) @occurrence
