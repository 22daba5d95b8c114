"""The committee's overview of the care for students: figures, the lists behind them, the home page's figures."""
