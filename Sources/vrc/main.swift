print("vrc")
