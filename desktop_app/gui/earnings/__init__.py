"""The Earnings view: pending clearance, available, this month, and net per month."""
