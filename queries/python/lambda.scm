; lambda item: item.price
(lambda) @occurrence
