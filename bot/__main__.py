from bot.server import main

raise SystemExit(main())
