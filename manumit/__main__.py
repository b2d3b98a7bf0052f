from manumit.cli import main

main()
