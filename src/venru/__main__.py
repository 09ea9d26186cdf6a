from venru.cli import main

main()
