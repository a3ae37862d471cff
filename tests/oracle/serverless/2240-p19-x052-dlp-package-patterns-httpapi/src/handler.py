def hello(e,c): pass
