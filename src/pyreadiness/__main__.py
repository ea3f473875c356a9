from pyreadiness.cli import main

main()
