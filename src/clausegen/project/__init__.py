"""Libraries of regimes: the project file, the library build, its reports and watch mode."""
