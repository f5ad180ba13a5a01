; [1, 2, 3]    []    (not [x for x in y], not the target of [a, b] = pair)
(list) @occurrence
