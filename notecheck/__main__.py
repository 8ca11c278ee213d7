from notecheck.cli import main

main()
