"""Resolution Center requests: the banner, the wizard, their impact on the seller's numbers."""
