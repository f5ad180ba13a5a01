; {"a": 1}    {}
(dictionary) @occurrence
