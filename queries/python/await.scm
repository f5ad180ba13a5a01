; await asyncio.sleep(1)
(await) @occurrence
