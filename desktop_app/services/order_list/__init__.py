"""The order list without Qt: its columns, the query that loads it, the index arrays that
sort, filter and search it, and the patching of a change set into them.

The GUI's table model and panel sit on top; everything here runs on a worker or in a
test without a window.
"""
