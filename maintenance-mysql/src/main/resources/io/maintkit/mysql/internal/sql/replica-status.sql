SHOW ${statement}
