def starting(e, c):
    pass
