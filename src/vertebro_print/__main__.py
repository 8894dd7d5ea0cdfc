from vertebro_print.cli import main

main()
